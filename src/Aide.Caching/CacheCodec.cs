namespace Aide.Caching;

/// <summary>How the disk tier compresses an entry. Entries too small, or that do not shrink enough, are stored as-is.</summary>
public enum CacheCodec
{
    /// <summary>Stored as-is.</summary>
    None = 0,

    /// <summary>LZ4 (K4os.Compression.LZ4), fastest level.</summary>
    Lz4 = 1,

    /// <summary>GZip at level 6, as the design report chose.</summary>
    GZip = 2,

    /// <summary>Zstandard (ZstdSharp) at level 1.</summary>
    Zstd = 3,
}
