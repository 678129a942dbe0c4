using System.Buffers;
using System.Text.Json;
using Aide.Diagnostics;
using Aide.Events.Dispatch;
using Aide.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Events.Journal;

/// <summary>
/// Appends every event to a JSON-lines file in the data folder, rotated by size. Events are serialized as they are
/// published (a few microseconds, on the publisher's thread) into a buffer that is written within
/// <see cref="EventJournalOptions.FlushDelay"/>, and when the bus or the journal is disposed. A command that ends sooner
/// than that never starts a thread for its journal: it writes once, at the end. Crash-safe by construction: each line
/// is complete when written, a torn last line (process killed mid-write) is sealed with a newline before the next
/// append and skipped by readers. Several processes may share the journal: each write holds the file exclusively for
/// the microseconds it takes. If the journal cannot be written (read-only, disk full), it logs one warning and stops;
/// events keep flowing to every other subscriber.
/// </summary>
public sealed class EventJournal : IDisposable, IAsyncDisposable
{
    private const int Attempts = 5;
    private const int FlushAtBytes = 32 * 1024; // a pool thread writes a fuller buffer: its memory stays small and is reused
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly string _directory;
    private readonly EventJournalOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IDisposable _subscription;

    // Lines not written yet, in publishing order. The publisher appends under _bufferGate; a flush swaps the buffer
    // under _fileGate and then _bufferGate, so flushes (timer, disposal) write whole batches in order.
    private readonly Lock _bufferGate = new();
    private readonly Lock _fileGate = new();
    private readonly Utf8JsonWriter _writer;
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _writing = new(4096);
    private ITimer? _timer;
    private bool _timerArmed;
    private bool _flushQueued;
    private int _disabled;
    private int _stopped;

    /// <summary>Lines keep text other than ASCII as itself (an entity named "José García"), readable with tail or grep; control characters are still escaped, so a line stays one line.</summary>
    private static readonly JsonWriterOptions LineOptions = AideEventJson.WriterOptions;

    private EventJournal(IEventBus bus, string directory, EventJournalOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _writer = new Utf8JsonWriter(_pending, LineOptions);
        _subscription = bus is EventBus concrete ? concrete.SubscribeAll(Buffer) : bus.Subscribe<AideEvent>(Buffer);
        if (_subscription is Subscription own)
        {
            // Disposing the bus disposes this subscription after its last event: that is when a command's events are written.
            own.Disposed = Stop;
        }
    }

    /// <summary>Gets a value indicating whether the journal stopped writing after an error.</summary>
    public bool IsDisabled => Volatile.Read(ref _disabled) != 0;

    /// <summary>Starts journaling every event of <paramref name="bus"/> into <paramref name="directory"/>.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="directory">The folder (created private to the user if missing).</param>
    /// <param name="options">Rotation and flush settings.</param>
    /// <param name="loggerFactory">Where the one warning goes if the journal cannot be written.</param>
    /// <param name="timeProvider">Clock for the flush delay.</param>
    /// <returns>The journal; dispose it (or the bus) to write what is left and stop.</returns>
    public static EventJournal Attach(IEventBus bus, string directory, EventJournalOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new EventJournal(bus, directory, options ?? new EventJournalOptions(), loggerFactory?.CreateLogger("Aide.Events.Journal") ?? NullLogger.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Writes the events not written yet, then stops.</summary>
    public void Dispose()
    {
        _subscription.Dispose();
        Stop();
    }

    /// <summary>Writes the events not written yet, then stops.</summary>
    /// <returns>A completed task: the write is synchronous.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The journal's line for one event, without the newline (for tests and documentation).</summary>
    internal static byte[] Serialize(AideEvent evt)
    {
        var line = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(line, LineOptions);
        WriteLine(evt, writer, line);
        return line.WrittenSpan[..^1].ToArray();
    }

    /// <summary>Appends <paramref name="evt"/> as one JSON line, newline included, to what <paramref name="writer"/> writes into.</summary>
    private static void WriteLine(AideEvent evt, Utf8JsonWriter writer, ArrayBufferWriter<byte> into)
    {
        writer.Reset(into);
        if (!AideEventJson.TryWrite(writer, evt))
        {
            // A type defined outside Aide has no line format: it stays on the bus, out of the journal.
            writer.Reset(into);
            return;
        }

        writer.Flush();
        into.Write("\n"u8);
    }

    /// <summary>The subscription's handler: serializes at once (the event may be gone later), writes later.</summary>
    private void Buffer(AideEvent evt)
    {
        if (IsDisabled)
        {
            return;
        }

        var flushNow = false;
        lock (_bufferGate)
        {
            // Checked under the lock Stop disposes the timer under, so no event arms a timer after the last flush.
            if (Volatile.Read(ref _stopped) != 0)
            {
                return;
            }

            WriteLine(evt, _writer, _pending);
            if (_pending.WrittenCount >= FlushAtBytes && !_flushQueued)
            {
                // Once per full buffer: queuing a flush per event until one runs made thousands of tiny writes.
                flushNow = _flushQueued = true;
            }
            else if (!_timerArmed)
            {
                _timerArmed = true;
                _timer ??= _timeProvider.CreateTimer(static state => ((EventJournal)state!).FlushCore(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(_options.FlushDelay, Timeout.InfiniteTimeSpan);
            }
        }

        if (flushNow)
        {
            // A burst far larger than a turn's: written by a pool thread, never by the publisher.
            ThreadPool.UnsafeQueueUserWorkItem(static journal => journal.FlushCore(), this, preferLocal: false);
        }
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        FlushCore();
        lock (_bufferGate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void FlushCore()
    {
        lock (_fileGate)
        {
            lock (_bufferGate)
            {
                (_pending, _writing) = (_writing, _pending);
                _pending.ResetWrittenCount();
                _timerArmed = false;
                _flushQueued = false;
            }

            if (_writing.WrittenCount == 0 || IsDisabled)
            {
                return;
            }

            var written = 0;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // A retry resumes after the lines already written, so none is written twice.
                    Append(_writing.WrittenSpan, ref written);
                    return;
                }
                catch (IOException) when (attempt < Attempts)
                {
                    // Most likely another aide process is appending right now; its lock is held for microseconds.
                    SpinWait.SpinUntil(static () => false, RetryDelay);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
                {
                    if (Interlocked.Exchange(ref _disabled, 1) == 0)
                    {
                        EventLog.EventJournalDisabled(_logger, _directory, LogText.Reason(ex.Message));
                    }

                    return;
                }
            }
        }
    }

    /// <summary>
    /// Appends whole lines (each ends with a newline) from <paramref name="written"/> on, rotating the file between lines
    /// when the next would take it past the limit; <paramref name="written"/> follows what reached the file.
    /// </summary>
    private void Append(ReadOnlySpan<byte> lines, ref int written)
    {
        var path = Path.Combine(_directory, EventJournalFiles.Current);
        var stream = OpenForAppend(path);
        try
        {
            var size = stream.Length;
            var start = written;
            for (var offset = written; offset < lines.Length;)
            {
                var length = lines[offset..].IndexOf((byte)'\n') + 1;
                if (size > 0 && size + length > _options.MaxFileBytes)
                {
                    stream.Write(lines[start..offset]);
                    written = start = offset;
                    Rotate(path);
                    stream.Dispose();
                    stream = OpenForAppend(path);
                    size = stream.Length;
                }

                size += length;
                offset += length;
            }

            stream.Write(lines[start..]);
            written = lines.Length;
        }
        finally
        {
            stream.Dispose();
        }
    }

    /// <summary>Opens the current file at its end: a new file gets its header, a line torn by a crash is sealed.</summary>
    private FileStream OpenForAppend(string path)
    {
        if (!Directory.Exists(_directory))
        {
            PrivateDirectory.Create(_directory);
        }

        var stream = Open(path);
        try
        {
            if (stream.Length == 0)
            {
                stream.Write(EventJournalFiles.NewHeader()); // identifies this file, so followers notice rotation
            }
            else if (!EndsWithNewline(stream))
            {
                stream.WriteByte((byte)'\n'); // seal a line torn by a crash, so it cannot swallow the next event
            }

            stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>FileShare.None takes an exclusive advisory lock on Unix, so concurrent appenders never interleave.</summary>
    private static FileStream Open(string path)
    {
        // Unbuffered (BufferSize 0): each write is whole lines already in memory, so FileStream's 4 KB buffer would only be allocated and copied through.
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    private static bool EndsWithNewline(FileStream stream)
    {
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }

    private void Rotate(string current)
    {
        var oldest = Path.Combine(_directory, EventJournalFiles.Rotated(_options.RotatedFiles));
        File.Delete(oldest);
        for (var i = _options.RotatedFiles - 1; i >= 1; i--)
        {
            var from = Path.Combine(_directory, EventJournalFiles.Rotated(i));
            if (File.Exists(from))
            {
                File.Move(from, Path.Combine(_directory, EventJournalFiles.Rotated(i + 1)), overwrite: true);
            }
        }

        File.Move(current, Path.Combine(_directory, EventJournalFiles.Rotated(1)), overwrite: true);
    }
}
