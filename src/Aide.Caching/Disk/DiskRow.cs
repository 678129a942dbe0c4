namespace Aide.Caching.Disk;

/// <summary>One stored entry as read from disk: the encoded bytes (header + payload) and its lifetime.</summary>
internal sealed record DiskRow(long Id, string Key, byte[] Data, EntryLifetime Lifetime);
