using System.Runtime.CompilerServices;

namespace Aide.Events.Journal;

/// <summary>Reads the journal back, oldest first, skipping (and counting) lines that are torn or not events.</summary>
/// <param name="directory">The journal's folder (the one <see cref="EventJournal"/> writes to).</param>
/// <param name="rotatedFiles">How many rotated files the journal keeps beside the current one.</param>
public sealed class EventJournalReader(string directory, int rotatedFiles = 3)
{
    /// <summary>Gets how many unreadable lines were skipped so far.</summary>
    public int Skipped { get; private set; }

    /// <summary>Reads every event of the rotated files and the current one, oldest first.</summary>
    /// <returns>The events, read as enumerated.</returns>
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

    /// <summary>
    /// Reads the newest events: the last <paramref name="maxBytes"/> of the current file, from its first whole line
    /// (what a command that looks back a few minutes needs, without reading megabytes of older events).
    /// </summary>
    /// <param name="maxBytes">How far back from the end of the current file to read.</param>
    /// <returns>The events, oldest first.</returns>
    public IEnumerable<AideEvent> ReadRecent(long maxBytes)
    {
        var path = Path.Combine(directory, EventJournalFiles.Current);
        var length = File.Exists(path) ? new FileInfo(path).Length : 0;
        var offset = Math.Max(0, length - maxBytes);
        var bytes = ReadShared(path, offset);
        var start = offset == 0 ? 0 : Array.IndexOf(bytes, (byte)'\n') + 1;
        return start <= 0 && offset > 0 ? [] : Parse(bytes[start..], complete: true, out _);
    }

    /// <summary>Gets the end of the current file: where <see cref="FollowAsync"/> starts to see only new events.</summary>
    /// <returns>The position.</returns>
    public JournalPosition CurrentEnd()
    {
        var path = Path.Combine(directory, EventJournalFiles.Current);
        return File.Exists(path) ? new JournalPosition(EventJournalFiles.FileId(path), new FileInfo(path).Length) : new JournalPosition(null, 0);
    }

    /// <summary>
    /// Yields events appended after <paramref name="from"/>, polling. When the journal rotates (the current file's id
    /// changes), the rest of the old file is read from its rotated name first, so nothing written in between is missed.
    /// </summary>
    /// <param name="from">Where to start (<see cref="CurrentEnd"/>: only events appended from now).</param>
    /// <param name="pollInterval">How often the file is looked at.</param>
    /// <param name="timeProvider">The clock the polling waits on.</param>
    /// <param name="cancellationToken">Ends the following.</param>
    /// <returns>The new events, as they are appended.</returns>
    public async IAsyncEnumerable<AideEvent> FollowAsync(JournalPosition from, TimeSpan pollInterval, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, EventJournalFiles.Current);
        var (fileId, position) = from;
        while (!cancellationToken.IsCancellationRequested)
        {
            var currentId = File.Exists(path) ? EventJournalFiles.FileId(path) : null;
            if (currentId is not null && currentId != fileId)
            {
                // Finish the file we were in (now rotated), then any files rotated after it, oldest first.
                var index = fileId is null ? 0 : RotatedIndexOf(fileId);
                for (var i = index; i >= 1; i--)
                {
                    var rotated = Path.Combine(directory, EventJournalFiles.Rotated(i));
                    foreach (var evt in Parse(ReadShared(rotated, i == index ? position : 0), complete: true, out _))
                    {
                        yield return evt;
                    }
                }

                (fileId, position) = (currentId, 0);
            }

            if (currentId is not null && File.Exists(path) && new FileInfo(path).Length > position)
            {
                var batch = Parse(ReadShared(path, position), complete: false, out var consumed);
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

    /// <summary>Gets N of the rotated file <c>events.N.jsonl</c> with this id, or 0 if it is gone.</summary>
    private int RotatedIndexOf(string fileId)
    {
        for (var i = 1; i <= rotatedFiles; i++)
        {
            var path = Path.Combine(directory, EventJournalFiles.Rotated(i));
            if (File.Exists(path) && EventJournalFiles.FileId(path) == fileId)
            {
                return i;
            }
        }

        return 0;
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
            if (!line.IsEmpty && !line.StartsWith(EventJournalFiles.HeaderPrefix))
            {
                if (AideEventJson.TryRead(line, out var evt))
                {
                    events.Add(evt);
                }
                else
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
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
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
