using System.Globalization;

namespace Aide.Providers.Http;

/// <summary>
/// Reads a provider's reply within bounds: no line longer than <c>maxLine</c> bytes, no reply longer than
/// <c>maxTotal</c>, each checked as the bytes arrive, so a server that sends a line without end or an endless answer
/// costs a bounded amount of memory and is stopped with a clear error. For a server-sent event stream it also tells
/// an answer that ended (<c>[DONE]</c>, or an event with a <c>finish_reason</c>) from one that was cut off.
/// </summary>
/// <remarks>
/// By hand because neither System.ClientModel's SSE reader nor OllamaSharp's line reader bound a line: a server that
/// sent one endless line grew Aide to 538 MB before the timeout, and a 20 MB chunk stalled the reader for 100 s.
/// </remarks>
internal sealed class GuardedLineStream(Stream inner, string provider, int maxLine, long maxTotal, bool serverSentEvents) : Stream
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> FinishReason => "\"finish_reason\""u8;

    private byte[] _line = serverSentEvents ? new byte[512] : []; // only an event stream's lines are kept
    private int _lineLength;
    private long _total;
    private bool _sawEvent;
    private bool _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Inspect(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            // The end: an event stream that carried events but neither [DONE] nor a finish_reason was cut off.
            if (serverSentEvents && _sawEvent && !_finished)
            {
                throw new ReplyRejectedException($"{provider} ended its answer before the end (the stream stopped without a finish_reason or [DONE]); what arrived is incomplete.", truncated: true);
            }

            return;
        }

        _total += bytes.Length;
        if (_total > maxTotal)
        {
            throw new ReplyRejectedException(string.Create(CultureInfo.InvariantCulture, $"{provider} sent a reply over {Describe(maxTotal)}, the most Aide reads of one answer (maxAnswerSize); Aide stopped reading it."));
        }

        while (!bytes.IsEmpty)
        {
            var newline = bytes.IndexOf((byte)'\n');
            var part = newline < 0 ? bytes : bytes[..newline];
            if (_lineLength + part.Length > maxLine)
            {
                throw new ReplyRejectedException(string.Create(CultureInfo.InvariantCulture, $"{provider} sent a line of over {Describe(maxLine)} without a line break; a streamed answer's events are small, so Aide stopped reading. Is the address an OpenAI-compatible endpoint?"));
            }

            if (serverSentEvents)
            {
                Append(part);
            }

            _lineLength += part.Length;
            if (newline < 0)
            {
                return;
            }

            if (serverSentEvents)
            {
                EndOfLine();
            }

            _lineLength = 0;
            bytes = bytes[(newline + 1)..];
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        var needed = _lineLength + part.Length;
        if (needed > _line.Length)
        {
            Array.Resize(ref _line, Math.Min(maxLine, Math.Max(needed, _line.Length * 2)));
        }

        part.CopyTo(_line.AsSpan(_lineLength));
    }

    private ReadOnlySpan<byte> CurrentLine => _line.AsSpan(0, _lineLength);

    private void EndOfLine()
    {
        var line = CurrentLine.TrimEnd((byte)'\r');
        if (!line.StartsWith(DataPrefix))
        {
            return;
        }

        var payload = line[DataPrefix.Length..].Trim((byte)' ');
        _sawEvent = true;
        if (payload.SequenceEqual("[DONE]"u8))
        {
            _finished = true;
            return;
        }

        // A finish_reason with a value (not null) ends the answer, whether or not [DONE] follows.
        var at = payload.IndexOf(FinishReason);
        if (at >= 0)
        {
            var rest = payload[(at + FinishReason.Length)..].TrimStart(" \t:"u8);
            _finished |= !rest.IsEmpty && rest[0] == (byte)'"';
        }
    }

    private static string Describe(long bytes) =>
        bytes >= 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.#} MB") : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
}
