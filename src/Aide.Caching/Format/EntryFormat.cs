using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Aide.Caching.Format;

/// <summary>
/// The bytes the disk tier stores for one value: a 16-byte header, then the payload (compressed or raw).
/// <code>
/// 0  'A' 'C'          magic
/// 2  version          1
/// 3  codec            <see cref="CacheCodec"/>
/// 4  original length  int32, little-endian
/// 8  checksum         XXH3-64 of the payload, seeded with header bytes 0..7 so the header is covered too
/// </code>
/// The checksum is verified before decompressing, so a damaged entry never reaches a decoder. Public for tools and
/// benchmarks that measure the stored form (<c>aide bench</c>'s compression check).
/// </summary>
public static class EntryFormat
{
    internal const int HeaderSize = 16;
    internal const byte Version = 1;
    private const byte Magic0 = (byte)'A';
    private const byte Magic1 = (byte)'C';

    /// <summary>Encodes a value, compressing it when it is at least <paramref name="threshold"/> bytes and shrinks by at least <paramref name="minimumSavings"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="codec">The codec to compress with.</param>
    /// <param name="threshold">The size under which the value is stored raw.</param>
    /// <param name="minimumSavings">The share the value must shrink by to be stored compressed (0.1 = 10%).</param>
    /// <returns>The entry.</returns>
    public static byte[] Encode(ReadOnlySpan<byte> value, CacheCodec codec, int threshold, double minimumSavings)
    {
        byte[]? compressed = null;
        var compressedLength = 0;
        if (codec != CacheCodec.None && value.Length >= threshold)
        {
            compressed = EntryCodecs.Compress(codec, value, out compressedLength);
            if (compressed is not null && compressedLength > value.Length * (1 - minimumSavings))
            {
                ArrayPool<byte>.Shared.Return(compressed);
                compressed = null;
            }
        }

        try
        {
            var payload = compressed is null ? value : compressed.AsSpan(0, compressedLength);
            var entry = new byte[HeaderSize + payload.Length];
            entry[0] = Magic0;
            entry[1] = Magic1;
            entry[2] = Version;
            entry[3] = (byte)(compressed is null ? CacheCodec.None : codec);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(4), value.Length);
            payload.CopyTo(entry.AsSpan(HeaderSize));
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), Checksum(entry));
            return entry;
        }
        finally
        {
            if (compressed is not null)
            {
                ArrayPool<byte>.Shared.Return(compressed);
            }
        }
    }

    /// <summary>Reads the codec of an entry whose header is intact (for statistics).</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>Its codec; <see cref="CacheCodec.None"/> for a short one.</returns>
    public static CacheCodec CodecOf(ReadOnlySpan<byte> entry) => entry.Length >= HeaderSize ? (CacheCodec)entry[3] : CacheCodec.None;

    /// <summary>Decodes an entry, or returns <see langword="null"/> if it is damaged, foreign or of another version.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The value.</returns>
    public static byte[]? TryDecode(byte[] entry)
    {
        if (entry.Length < HeaderSize || entry[0] != Magic0 || entry[1] != Magic1 || entry[2] != Version)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(4));
        var codec = (CacheCodec)entry[3];
        if (length < 0 || BinaryPrimitives.ReadUInt64LittleEndian(entry.AsSpan(8)) != Checksum(entry))
        {
            return null;
        }

        if (codec == CacheCodec.None)
        {
            return entry.Length - HeaderSize == length ? entry.AsSpan(HeaderSize).ToArray() : null;
        }

        if (codec is not (CacheCodec.Lz4 or CacheCodec.GZip or CacheCodec.Zstd))
        {
            return null;
        }

        var value = GC.AllocateUninitializedArray<byte>(length);
        return EntryCodecs.TryDecompress(codec, entry, HeaderSize, value) ? value : null;
    }

    private static ulong Checksum(byte[] entry) =>
        XxHash3.HashToUInt64(entry.AsSpan(HeaderSize), BinaryPrimitives.ReadInt64LittleEndian(entry));
}
