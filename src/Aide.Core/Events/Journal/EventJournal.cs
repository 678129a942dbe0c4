using System.Buffers;
using System.Text.Json;
using Aide.Diagnostics;
using Aide.Events.Dispatch;
using Aide.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Events.Journal;

/// <summary>
/// Appends every event to a JSON-lines file in the data folder, rotated by size. Crash-safe by construction: each
/// event is one complete line written in one call, a torn last line (process killed mid-write) is sealed with a
/// newline before the next append and skipped by readers. Several processes may share the journal: each append
/// holds the file exclusively for the few microseconds it takes (a burst of queued events holds it for the burst).
/// If the journal cannot be written (read-only, disk full), it logs one warning and stops; events keep flowing to
/// every other subscriber.
/// </summary>
public sealed class EventJournal : IDisposable, IAsyncDisposable
{
    private const int Attempts = 5;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, byte[]> TypePrefixes = new();
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly string _directory;
    private readonly EventJournalOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IDisposable _subscription;

    // Reused for every line: the journal's subscription delivers one event at a time, so one writer serves all.
    // Before, each event cost a serialized body, a prefix, a line and a copy, plus FileStream's own 4 KB buffer
    // (about 16 KB of a 35 KB chat turn, measured by `aide bench --only pipeline`).
    private readonly ArrayBufferWriter<byte> _body = new(1024);
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly Utf8JsonWriter _writer;

    // The file stays open (and locked) from one line to the next while more events wait in the journal's mailbox:
    // a turn's events then cost one open, lock and close instead of one each. Guarded by _fileGate.
    private readonly Lock _fileGate = new();
    private FileStream? _file;
    private int _disabled;

    private EventJournal(IEventBus bus, string directory, EventJournalOptions options, ILogger logger, TimeProvider timeProvider)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _writer = new Utf8JsonWriter(_body);
        _subscription = bus.Subscribe<AideEvent>(AppendAsync, new AsyncSubscriptionOptions { Name = "event journal", Capacity = 100_000 });
    }

    /// <summary>Gets a value indicating whether the journal stopped writing after an error.</summary>
    public bool IsDisabled => Volatile.Read(ref _disabled) != 0;

    /// <summary>Starts journaling every event of <paramref name="bus"/> into <paramref name="directory"/>.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="directory">The folder (created private to the user if missing).</param>
    /// <param name="options">Rotation settings.</param>
    /// <param name="loggerFactory">Where the one warning goes if the journal cannot be written.</param>
    /// <param name="timeProvider">Clock for retry delays.</param>
    /// <returns>The journal; dispose it to stop.</returns>
    public static EventJournal Attach(IEventBus bus, string directory, EventJournalOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new EventJournal(bus, directory, options ?? new EventJournalOptions(), loggerFactory?.CreateLogger("Aide.Events.Journal") ?? NullLogger.Instance, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Stops journaling at once; events still queued for the journal are not written.</summary>
    public void Dispose()
    {
        _subscription.Dispose();
        CloseFile();
    }

    /// <summary>Completes when every event queued so far is written and the file is released.</summary>
    internal Task WhenIdleAsync() => _subscription is AsyncSubscription mailbox ? mailbox.WhenIdleAsync() : Task.CompletedTask;

    /// <summary>Writes the events already queued for the journal, then stops.</summary>
    /// <returns>A task that completes when the journal has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await WhenIdleAsync();
        _subscription.Dispose();
        CloseFile();
    }

    /// <summary>
    /// The same JSON as serializing through the polymorphic <see cref="AideEvent"/> (<c>{"type":"Name",…}</c>, which the
    /// reader expects), written through the event's own type: building the polymorphic metadata reads 28 derived-type
    /// attributes by reflection, ~5 ms at the end of every Native AOT command that journals an event (perf).
    /// </summary>
    internal static byte[] Serialize(AideEvent evt)
    {
        var body = new ArrayBufferWriter<byte>();
        var line = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(body);
        WriteLine(evt, writer, body, line);
        return line.WrittenSpan[..^1].ToArray();
    }

    /// <summary>Writes <paramref name="evt"/> as one JSON line, newline included, into <paramref name="line"/> (<paramref name="writer"/> writes into <paramref name="body"/>).</summary>
    private static void WriteLine(AideEvent evt, Utf8JsonWriter writer, ArrayBufferWriter<byte> body, ArrayBufferWriter<byte> line)
    {
        body.ResetWrittenCount();
        writer.Reset(body);
        line.ResetWrittenCount();
        var type = evt.GetType();
        if (EventJsonContext.Default.GetTypeInfo(type) is not { } info)
        {
            JsonSerializer.Serialize(writer, evt, EventJsonContext.Default.AideEvent);
            writer.Flush();
            line.Write(body.WrittenSpan);
        }
        else
        {
            JsonSerializer.Serialize(writer, evt, info);
            writer.Flush();
            line.Write(TypePrefixes.GetOrAdd(type, t => System.Text.Encoding.UTF8.GetBytes($"{{\"type\":\"{t.Name}\"")));
            if (body.WrittenCount > 2)
            {
                line.Write(","u8);
            }

            line.Write(body.WrittenSpan[1..]);
        }

        line.Write("\n"u8);
    }

    private async ValueTask AppendAsync(AideEvent evt, CancellationToken cancellationToken)
    {
        if (IsDisabled)
        {
            return;
        }

        WriteLine(evt, _writer, _body, _line);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Append(_line.WrittenSpan, keepOpen: _subscription is AsyncSubscription { Backlog: > 0 });
                return;
            }
            catch (IOException) when (attempt < Attempts)
            {
                // Most likely another aide process is appending right now; its lock is held for microseconds.
                await Task.Delay(RetryDelay, _timeProvider, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                if (Interlocked.Exchange(ref _disabled, 1) == 0)
                {
                    Log.EventJournalDisabled(_logger, _directory, ex.Message);
                }

                return;
            }
        }
    }

    /// <summary>Appends one complete line (newline included) in one write; <paramref name="keepOpen"/> holds the file for the next one.</summary>
    private void Append(ReadOnlySpan<byte> line, bool keepOpen)
    {
        lock (_fileGate)
        {
            var path = Path.Combine(_directory, EventJournalFiles.Current);
            try
            {
                var stream = _file ??= OpenForAppend(path);
                if (stream.Length > 0 && stream.Length + line.Length > _options.MaxFileBytes)
                {
                    Rotate(path);
                    stream.Dispose();
                    stream = _file = OpenForAppend(path);
                }

                stream.Write(line);
            }
            catch
            {
                CloseFileLocked();
                throw;
            }

            if (!keepOpen)
            {
                CloseFileLocked();
            }
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

    private void CloseFile()
    {
        lock (_fileGate)
        {
            CloseFileLocked();
        }
    }

    private void CloseFileLocked()
    {
        _file?.Dispose();
        _file = null;
    }

    /// <summary>FileShare.None takes an exclusive advisory lock on Unix, so concurrent appenders never interleave.</summary>
    private static FileStream Open(string path)
    {
        // Unbuffered (BufferSize 0): each write is one line, so FileStream's 4 KB buffer would only be allocated and copied through.
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
