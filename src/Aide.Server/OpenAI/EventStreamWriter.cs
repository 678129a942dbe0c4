using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.OpenAI;

/// <summary>
/// Writes one chat answer as Server-Sent Events: <c>data: {chunk}</c> lines, one write at a time, and a
/// <c>: keep-alive</c> comment when nothing was written for an interval (a slow local model still evaluating a long
/// prompt, so proxies and clients with read timeouts do not give up on the connection).
/// </summary>
internal sealed class EventStreamWriter : IAsyncDisposable
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private readonly HttpResponse _response;
    private readonly Action<bool, string?> _setHeaders;
    private readonly ChatCompletionChunk _first;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepAlive;
    private readonly PeriodicTimer? _ticks;
    private readonly TimeProvider _time;
    private long _lastWrite;
    private Utf8JsonWriter? _json;

    /// <summary>Starts the keep-alive loop.</summary>
    /// <param name="response">The response.</param>
    /// <param name="setHeaders">Sets the headers, told whether the answer is cached and who answers (null: not known yet).</param>
    /// <param name="first">The first chunk (the assistant's role), written when the stream starts.</param>
    /// <param name="interval">The keep-alive interval (zero: none).</param>
    /// <param name="time">The clock.</param>
    public EventStreamWriter(HttpResponse response, Action<bool, string?> setHeaders, ChatCompletionChunk first, TimeSpan interval, TimeProvider time)
    {
        _response = response;
        _setHeaders = setHeaders;
        _first = first;
        _time = time;
        _lastWrite = time.GetTimestamp();
        _ticks = interval > TimeSpan.Zero ? new PeriodicTimer(interval, time) : null;
        _keepAlive = _ticks is null ? Task.CompletedTask : KeepAliveAsync(_ticks, interval, time);
    }

    public bool Started { get; private set; }

    /// <summary>
    /// Starts the response unless it has been (headers, then the role chunk), writes <paramref name="chunks"/> and, when
    /// <paramref name="done"/>, the closing <c>data: [DONE]</c>: all in one flush, one write to the socket (a flush per
    /// chunk cost a system call and a wake-up of the client each; the end of an answer is three chunks).
    /// </summary>
    public async ValueTask WriteAsync(bool fromCache, string? provider, ChatCompletionChunk[] chunks, bool done, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            StartLocked(fromCache, provider);
            foreach (var chunk in chunks)
            {
                Write(chunk);
            }

            if (done)
            {
                _response.BodyWriter.Write("data: [DONE]\n\n"u8);
            }

            await FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _response.BodyWriter.Write(bytes.Span);
            await FlushAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Stops the keep-alive comments and waits until none is being written, so <see cref="Started"/> no longer changes:
    /// an answer that failed can then still become an HTTP error if nothing was sent.
    /// </summary>
    public async ValueTask StopKeepAliveAsync()
    {
        // Disposing the timer ends its wait with false; cancelling the wait instead threw (and walked the stack for)
        // an OperationCanceledException per stream, a tenth of a streamed request's CPU.
        _ticks?.Dispose();
        await _stop.CancelAsync();
        await _keepAlive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepAliveAsync();
        _stop.Dispose();
        _gate.Dispose();
        if (_json is not null)
        {
            await _json.DisposeAsync();
        }
    }

    private void StartLocked(bool fromCache, string? provider)
    {
        if (!Started)
        {
            Started = true;
            _setHeaders(fromCache, provider);
            Write(_first);
        }
    }

    private void Write(ChatCompletionChunk chunk)
    {
        var writer = _response.BodyWriter;
        writer.Write("data: "u8);
        _json ??= new Utf8JsonWriter(writer);
        JsonSerializer.Serialize(_json, chunk, OpenAIJsonContext.Default.ChatCompletionChunk);
        _json.Reset();
        writer.Write("\n\n"u8);
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _response.BodyWriter.FlushAsync(cancellationToken);
        Volatile.Write(ref _lastWrite, _time.GetTimestamp());
    }

    private async Task KeepAliveAsync(PeriodicTimer ticks, TimeSpan interval, TimeProvider time)
    {
        while (await ticks.WaitForNextTickAsync())
        {
            if (time.GetElapsedTime(Volatile.Read(ref _lastWrite)) < interval / 2 || !await _gate.WaitAsync(0, _stop.Token))
            {
                continue;
            }

            try
            {
                // Before the first token, the stream starts now: not from the cache (a hit answers at once), provider not known yet.
                StartLocked(fromCache: false, provider: null);
                _response.BodyWriter.Write(KeepAlive);
                await FlushAsync(_stop.Token);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
