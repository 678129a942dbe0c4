using System.Buffers;
using System.IO.Compression;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Aide.Caching.Format;

/// <summary>The codecs behind <see cref="CacheCodec"/>: each compresses into a caller's buffer and decompresses to an exact length.</summary>
internal static class EntryCodecs
{
    /// <summary>The level the design report chose for GZip.</summary>
    public const int GZipLevel = 6;

    /// <summary>Zstandard's fastest standard level: 3× on chat JSON at several hundred MB/s.</summary>
    public const int ZstdLevel = 1;

    // Zstandard contexts cost hundreds of kilobytes to create, so each thread keeps one of each.
    [ThreadStatic]
    private static Compressor? _zstdCompressor;

    [ThreadStatic]
    private static Decompressor? _zstdDecompressor;

    /// <summary>Compresses <paramref name="source"/>; returns the rented buffer and the length used, or null if the codec made it bigger.</summary>
    public static byte[]? Compress(CacheCodec codec, ReadOnlySpan<byte> source, out int length)
    {
        length = 0;
        switch (codec)
        {
            case CacheCodec.Lz4:
            {
                var buffer = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(source.Length));
                length = LZ4Codec.Encode(source, buffer, LZ4Level.L00_FAST);
                return Keep(buffer, length);
            }

            case CacheCodec.Zstd:
            {
                var buffer = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(source.Length));
                _zstdCompressor ??= new Compressor(ZstdLevel);
                length = _zstdCompressor.Wrap(source, buffer);
                return Keep(buffer, length);
            }

            case CacheCodec.GZip:
            {
                // GZip has no span API; a pooled buffer wrapped in a stream avoids growing a MemoryStream.
                var buffer = ArrayPool<byte>.Shared.Rent(source.Length + 64);
                try
                {
                    using var output = new MemoryStream(buffer, 0, buffer.Length, writable: true);
                    using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = GZipLevel }, leaveOpen: true))
                    {
                        gzip.Write(source);
                    }

                    length = (int)output.Position;
                    return buffer;
                }
                catch (NotSupportedException)
                {
                    // Did not fit in the buffer: it grew rather than shrank, so it is stored raw.
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "Not a compressing codec.");
        }
    }

    /// <summary>Decompresses <paramref name="data"/> from <paramref name="offset"/> on into <paramref name="destination"/>, which must be exactly the original length.</summary>
    /// <returns><see langword="false"/> if the data is not valid for the codec or does not have that length.</returns>
    public static bool TryDecompress(CacheCodec codec, byte[] data, int offset, Span<byte> destination)
    {
        var source = data.AsSpan(offset);
        try
        {
            switch (codec)
            {
                case CacheCodec.Lz4:
                    return LZ4Codec.Decode(source, destination) == destination.Length;

                case CacheCodec.Zstd:
                    _zstdDecompressor ??= new Decompressor();
                    return _zstdDecompressor.Unwrap(source, destination) == destination.Length;

                case CacheCodec.GZip:
                    using (var gzip = new GZipStream(new MemoryStream(data, offset, data.Length - offset, writable: false), CompressionMode.Decompress))
                    {
                        gzip.ReadExactly(destination);
                        return gzip.Read(stackalloc byte[1]) == 0;
                    }

                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or ZstdException or ArgumentException)
        {
            return false;
        }
    }

    private static byte[]? Keep(byte[] buffer, int length)
    {
        if (length > 0)
        {
            return buffer;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return null;
    }
}
