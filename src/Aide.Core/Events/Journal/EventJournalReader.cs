using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Aide.Events.Journal;

/// <summary>Reads the journal back, oldest first, skipping (and counting) lines that are torn or not events.</summary>
internal sealed class EventJournalReader(string directory, int rotatedFiles = 3)
{
    /// <summary>Gets how many unreadable lines were skipped so far.</summary>
    public int Skipped { get; private set; }

    public IEnumerable<AideEvent> ReadAll()
    {
        foreach (var path in EventJournalFiles.OldestFirst(directory, rotatedFiles))
        {
            var bytes = ReadShared(path);
            foreach (var evt in Parse(bytes, complete: true, out _))
            {
                yield return evt;
            }
        }
    }

    /// <summary>Yields events appended to the current file from now on, polling; handles rotation and truncation.</summary>
    public async IAsyncEnumerable<AideEvent> FollowAsync(TimeSpan pollInterval, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, EventJournalFiles.Current);
        long position = File.Exists(path) ? new FileInfo(path).Length : 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var length = File.Exists(path) ? new FileInfo(path).Length : 0;
            if (length < position)
            {
                position = 0; // rotated or truncated: the current file is a new one
            }

            if (length > position)
            {
                var bytes = ReadShared(path, position);
                var batch = Parse(bytes, complete: false, out var consumed);
                foreach (var evt in batch)
                {
                    yield return evt;
                }

                position += consumed;
            }

            try
            {
                await Task.Delay(pollInterval, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>Parses whole lines; with <paramref name="complete"/> false an unterminated last line is left for later.</summary>
    private List<AideEvent> Parse(byte[] bytes, bool complete, out long consumed)
    {
        var events = new List<AideEvent>();
        var start = 0;
        consumed = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0 && !complete)
            {
                break;
            }

            var lineEnd = end < 0 ? bytes.Length : end;
            var line = bytes.AsSpan(start, lineEnd - start).Trim(" \t\r"u8);
            if (!line.IsEmpty)
            {
                try
                {
                    if (JsonSerializer.Deserialize(line, EventJsonContext.Default.AideEvent) is { } evt)
                    {
                        events.Add(evt);
                    }
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
                {
                    Skipped++;
                }
            }

            start = lineEnd + 1;
            consumed = Math.Min(start, bytes.Length);
        }

        return events;
    }

    /// <summary>Reads while tolerating a writer's exclusive lock, which is held only for the microseconds of one append.</summary>
    private static byte[] ReadShared(string path, long offset = 0)
    {
        var spin = default(SpinWait);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Seek(offset, SeekOrigin.Begin);
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                return buffer.ToArray();
            }
            catch (FileNotFoundException)
            {
                return [];
            }
            catch (IOException) when (attempt < 200)
            {
                spin.SpinOnce(sleep1Threshold: 20);
            }
        }
    }
}
