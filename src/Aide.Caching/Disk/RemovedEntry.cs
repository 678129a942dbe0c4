namespace Aide.Caching.Disk;

/// <summary>An entry that left the disk tier, for events: its key (hashed before publishing), stored bytes and age.</summary>
internal readonly record struct RemovedEntry(string Key, long Bytes, long CreatedTicks);
