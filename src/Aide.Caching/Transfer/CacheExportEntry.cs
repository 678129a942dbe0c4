namespace Aide.Caching.Transfer;

/// <summary>One exported entry: the key, the original (uncompressed) value in base64, its lifetime and tags.</summary>
internal sealed record CacheExportEntry(
    string Key,
    byte[] Value,
    DateTimeOffset Created,
    DateTimeOffset? AbsoluteExpiration,
    TimeSpan? SlidingExpiration,
    IReadOnlyList<string>? Tags);
