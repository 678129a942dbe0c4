using System.Text;
using System.Text.Json;
using Aide.Caching.Format;
using Aide.Caching.Transfer;

namespace Aide.Caching;

/// <summary>
/// Export and import as JSON lines: a header line, then one entry per line with its original value in base64, so an
/// export is readable by other tools and independent of the codec. Import reads and checks the whole file before it
/// stores anything: a malformed file imports nothing.
/// </summary>
public sealed partial class ResponseCache
{
    /// <summary>The <c>format</c> of an export's header line.</summary>
    public const string ExportFormat = "aide-cache";

    /// <summary>The largest file <see cref="ImportAsync"/> accepts.</summary>
    public const long MaxImportBytes = 1L << 30;

    private const int ExportPage = 256;

    /// <summary>Writes every live entry of the disk tier (or the memory tier, for a memory-only cache) to <paramref name="output"/>.</summary>
    /// <param name="output">Where the JSON lines go.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>What was written.</returns>
    public async Task<CacheTransferResult> ExportAsync(Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var now = _time.GetUtcNow();
        var entries = new List<CacheExportEntry>();
        long skipped = 0;
        long afterId = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = WithDisk(disk => disk.ReadPage(afterId, ExportPage), []);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var (row, tags) in page)
            {
                afterId = row.Id;
                var value = row.Lifetime.IsExpired(now.UtcTicks) ? null : EntryFormat.TryDecode(row.Data);
                if (value is null)
                {
                    skipped++;
                    continue;
                }

                entries.Add(ToExport(row.Key, value, row.Lifetime, tags));
            }
        }

        if (!IsDiskEnabled && _memory is not null)
        {
            entries.AddRange(_memory.Snapshot(now.UtcTicks).Select(e => ToExport(e.Key, e.Value, e.Lifetime, e.Tags)));
        }

        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(JsonSerializer.Serialize(new CacheExportHeader(ExportFormat, 1, now, entries.Count), CacheJsonContext.Default.CacheExportHeader));
        long bytes = 0;
        foreach (var entry in entries)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(entry, CacheJsonContext.Default.CacheExportEntry));
            bytes += entry.Value.Length;
        }

        await writer.FlushAsync(cancellationToken);
        return new CacheTransferResult(entries.Count, bytes, skipped);
    }

    /// <summary>Tells whether a file starts like an export (its first line is an <see cref="ExportFormat"/> header).</summary>
    /// <param name="firstLine">The file's first line.</param>
    /// <returns>Whether it is an export.</returns>
    public static bool IsExport(string firstLine)
    {
        try
        {
            return JsonSerializer.Deserialize(firstLine, CacheJsonContext.Default.CacheExportHeader) is { Format: ExportFormat };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Imports an export: checks every line first (and each value with <paramref name="isValid"/>, when given), then
    /// stores the live entries and publishes <c>CacheWarmed</c>. The file's answers are trusted: an import is only as
    /// good as whoever wrote the file.
    /// </summary>
    /// <param name="input">The JSON lines.</param>
    /// <param name="isValid">Says whether a value is one the cache's readers can use (for chat answers: <see cref="ChatCacheEntries.IsAnswer"/>); null accepts any bytes.</param>
    /// <param name="cancellationToken">Cancels the import (before anything is stored).</param>
    /// <returns>What was imported.</returns>
    /// <exception cref="CacheImportException">The file is not an export, is too large, holds fewer or more entries than its header says, or a line is malformed or holds a value <paramref name="isValid"/> refuses (named by number).</exception>
    public async Task<CacheTransferResult> ImportAsync(Stream input, Func<byte[], bool>? isValid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = _time.GetTimestamp();
        var entries = await ReadExportAsync(input, isValid, cancellationToken);
        var now = _time.GetUtcNow();
        long count = 0, bytes = 0, skipped = 0;
        foreach (var entry in entries)
        {
            var sliding = entry.SlidingExpiration is { } s && s > TimeSpan.Zero ? s : (TimeSpan?)null;
            if (entry.AbsoluteExpiration is { } at && at <= now)
            {
                skipped++;
                continue;
            }

            Set(entry.Key, entry.Value, new TaggedCacheEntryOptions { AbsoluteExpiration = entry.AbsoluteExpiration, SlidingExpiration = sliding, Tags = entry.Tags ?? [] });
            count++;
            bytes += entry.Value.Length;
        }

        _events.Warmed(count, bytes, _time.GetElapsedTime(started));
        return new CacheTransferResult(count, bytes, skipped);
    }

    /// <summary>Publishes <c>CacheWarmed</c> for warming done through the chat pipeline (<c>aide cache warm</c> with prompts).</summary>
    /// <param name="count">The answers warmed.</param>
    /// <param name="bytes">Their size.</param>
    /// <param name="elapsed">How long the warming took.</param>
    public void ReportWarmed(long count, long bytes, TimeSpan elapsed) => _events.Warmed(count, bytes, elapsed);

    private static async Task<List<CacheExportEntry>> ReadExportAsync(Stream input, Func<byte[], bool>? isValid, CancellationToken cancellationToken)
    {
        if (input.CanSeek && input.Length > MaxImportBytes)
        {
            throw new CacheImportException($"The file is {input.Length:N0} bytes; the largest import is {MaxImportBytes:N0} bytes.");
        }

        using var stream = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);

        // A line holds one answer in base64: 64 MB of it is far more than any answer (maxAnswerSize is 16 MB by default).
        var reader = new Storage.BoundedLineReader(stream, 64 << 20, "The file");
        string? header;
        try
        {
            header = await reader.ReadLineAsync(cancellationToken);
        }
        catch (Storage.InputFileException ex)
        {
            throw new CacheImportException(ex.Message + " Nothing was imported.", ex);
        }

        if (header is null || !IsExport(header))
        {
            throw new CacheImportException($"Line 1 is not an exported Aide cache header (expected {{\"format\":\"{ExportFormat}\",…}}).");
        }

        var entries = new List<CacheExportEntry>();
        var lineNumber = 1;
        long read = 0;
        while (await ReadLineAsync(reader, cancellationToken) is { } line)
        {
            lineNumber++;
            read += line.Length;
            if (read > MaxImportBytes)
            {
                throw new CacheImportException($"The file is larger than the largest import ({MaxImportBytes:N0} bytes); nothing was imported.");
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CacheExportEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(line, CacheJsonContext.Default.CacheExportEntry);
            }
            catch (JsonException ex)
            {
                throw new CacheImportException($"Line {lineNumber} is not a valid entry ({ex.Message}); nothing was imported.", ex);
            }

            if (entry is null || string.IsNullOrEmpty(entry.Key) || entry.Value is null)
            {
                throw new CacheImportException($"Line {lineNumber} has no key or value; nothing was imported.");
            }

            if (entry.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 256) == true)
            {
                throw new CacheImportException($"Line {lineNumber} has a blank or over-long tag; nothing was imported.");
            }

            if (isValid is not null && !isValid(entry.Value))
            {
                throw new CacheImportException($"Line {lineNumber} holds a value that is not a cached answer (it does not decode to one); nothing was imported.");
            }

            entries.Add(entry);
        }

        var declared = JsonSerializer.Deserialize(header, CacheJsonContext.Default.CacheExportHeader)!.Entries;
        if (declared != entries.Count)
        {
            throw new CacheImportException($"The header says the export holds {declared:N0} entries, but it has {entries.Count:N0}: the file was cut short or edited. Nothing was imported.");
        }

        return entries;
    }

    private static async Task<string?> ReadLineAsync(Storage.BoundedLineReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Storage.InputFileException ex)
        {
            throw new CacheImportException(ex.Message + " Nothing was imported.", ex);
        }
    }

    private static CacheExportEntry ToExport(string key, byte[] value, EntryLifetime lifetime, string[] tags) => new(
        key,
        value,
        new DateTimeOffset(lifetime.CreatedTicks, TimeSpan.Zero),
        lifetime.AbsoluteTicks > 0 ? new DateTimeOffset(lifetime.AbsoluteTicks, TimeSpan.Zero) : null,
        lifetime.SlidingTicks > 0 ? TimeSpan.FromTicks(lifetime.SlidingTicks) : null,
        tags.Length > 0 ? tags : null);
}
