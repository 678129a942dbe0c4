namespace Aide.Caching;

/// <summary>What an export or import moved.</summary>
/// <param name="Entries">Entries written or imported.</param>
/// <param name="Bytes">Their original (uncompressed) bytes.</param>
/// <param name="Skipped">Entries left out: damaged or expired on export, expired on import.</param>
public sealed record CacheTransferResult(long Entries, long Bytes, long Skipped);
