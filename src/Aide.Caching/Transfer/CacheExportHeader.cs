namespace Aide.Caching.Transfer;

/// <summary>The first line of an exported cache.</summary>
internal sealed record CacheExportHeader(string Format, int Version, DateTimeOffset Exported, long Entries);
