using System.Buffers;
using System.IO.Compression;
using Aide.Benchmarking;
using Aide.Caching;
using Aide.Caching.Format;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using K4os.Compression.LZ4;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Caching.Distributed;
using ZstdSharp;

namespace Aide.Benchmarks;

/// <summary>
/// Issue 6 targets: a memory-tier hit (≤ 1 µs, nothing allocated but the returned copy), a disk-tier hit of a 4 KB answer
/// (≤ 50 µs with checksum and decompression), and codec throughput inside the entry format against the raw codec call.
/// The store comparison (SQLite row vs one file per entry) is how the disk store was chosen.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CacheBenchmarks
{
    private const string Key = "8f2c0e1d5b6a4f3e9c7d2b1a0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c";
    private string _directory = null!;
    private ResponseCache _memory = null!;
    private ResponseCache _diskLz4 = null!;
    private ResponseCache _diskZstd = null!;
    private byte[] _answer = null!;
    private byte[] _chat64k = null!;
    private byte[] _lz4Entry = null!;
    private byte[] _zstdEntry = null!;
    private byte[] _gzipEntry = null!;
    private byte[] _output = null!;
    private SqliteConnection _sqlite = null!;
    private SqliteCommand _select = null!;
    private string _file = null!;
    private long _stored;
    private SqliteCommand _insert = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("aide-bench-cache-").FullName;
        _answer = ChatSamples.ChatJson(4096);
        _chat64k = ChatSamples.ChatJson(64 * 1024);
        _output = new byte[_chat64k.Length];
        _memory = ResponseCache.Create(new ResponseCacheOptions());
        _memory.Set(Key, _answer, new DistributedCacheEntryOptions());
        _diskLz4 = Disk("lz4", CacheCodec.Lz4);
        _diskZstd = Disk("zstd", CacheCodec.Zstd);
        _lz4Entry = EntryFormat.Encode(_chat64k, CacheCodec.Lz4, 256, 0.1);
        _zstdEntry = EntryFormat.Encode(_chat64k, CacheCodec.Zstd, 256, 0.1);
        _gzipEntry = EntryFormat.Encode(_chat64k, CacheCodec.GZip, 256, 0.1);

        // The alternative store: one file per entry, and a bare SQLite row, each holding the same encoded 4 KB answer.
        var encoded = EntryFormat.Encode(_answer, CacheCodec.Lz4, 256, 0.1);
        _file = Path.Combine(_directory, Key);
        File.WriteAllBytes(_file, encoded);
        _sqlite = new SqliteConnection($"Data Source={Path.Combine(_directory, "bare.db")};Pooling=false");
        _sqlite.Open();
        using (var create = _sqlite.CreateCommand())
        {
            // The disk tier's own journal settings (PrivateSqlite.UseRollbackJournal), so the baseline differs only in what the tier adds.
            create.CommandText = "PRAGMA journal_mode=TRUNCATE; PRAGMA synchronous=OFF; CREATE TABLE e(key TEXT PRIMARY KEY, data BLOB); INSERT INTO e VALUES ($k, $d);";
            create.Parameters.AddWithValue("$k", Key);
            create.Parameters.AddWithValue("$d", encoded);
            create.ExecuteNonQuery();
        }

        _insert = _sqlite.CreateCommand();
        _insert.CommandText = "INSERT OR REPLACE INTO e VALUES ($k, $d)";
        _insert.Parameters.AddWithValue("$k", Key);
        _insert.Parameters.AddWithValue("$d", encoded);
        _select = _sqlite.CreateCommand();
        _select.CommandText = "SELECT data FROM e WHERE key = $k";
        _select.Parameters.AddWithValue("$k", Key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _memory.Dispose();
        _diskLz4.Dispose();
        _diskZstd.Dispose();
        _select.Dispose();
        _insert.Dispose();
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The least any hit does: hand the caller its own copy of the 4 KB answer.</summary>
    [Benchmark(Baseline = true, Description = "copy 4 KB (any hit returns a copy)")]
    [BenchmarkCategory("Hit")]
    public byte[] CopyAnswer() => _answer.AsSpan().ToArray();

    [Benchmark(Description = "memory hit, 4 KB")]
    [BenchmarkCategory("Hit")]
    public byte[]? MemoryHit() => _memory.Get(Key);

    [Benchmark(Description = "disk hit, 4 KB, lz4")]
    [BenchmarkCategory("Hit")]
    public byte[]? DiskHitLz4() => _diskLz4.Get(Key);

    [Benchmark(Description = "disk hit, 4 KB, zstd")]
    [BenchmarkCategory("Hit")]
    public byte[]? DiskHitZstd() => _diskZstd.Get(Key);

    /// <summary>Baseline of a store: one bare SQLite insert of the encoded entry, no checksum, eviction or accounting.</summary>
    [Benchmark(Baseline = true, Description = "bare SQLite insert, 4 KB")]
    [BenchmarkCategory("Put")]
    public int BareInsert()
    {
        _insert.Parameters[0].Value = "k" + (_stored++ % 4096).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _insert.ExecuteNonQuery();
    }

    /// <summary>Storing a new 4 KB answer on disk (encode, checksum, one SQLite transaction with its size accounting).</summary>
    [Benchmark(Description = "disk store, 4 KB, lz4")]
    [BenchmarkCategory("Put")]
    public void DiskStoreLz4() => _diskLz4.Set("k" + (_stored++ % 4096).ToString(System.Globalization.CultureInfo.InvariantCulture), _answer, new DistributedCacheEntryOptions());

    [Benchmark(Baseline = true, Description = "store: read one file")]
    [BenchmarkCategory("Store")]
    public byte[] FilePerEntry() => File.ReadAllBytes(_file);

    [Benchmark(Description = "store: SQLite row")]
    [BenchmarkCategory("Store")]
    public byte[] SqliteRow()
    {
        using var reader = _select.ExecuteReader();
        reader.Read();
        return reader.GetFieldValue<byte[]>(0);
    }

    [Benchmark(Baseline = true, Description = "lz4 raw compress 64 KB")]
    [BenchmarkCategory("Lz4Encode")]
    public int Lz4Raw()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(LZ4Codec.MaximumOutputSize(_chat64k.Length));
        var n = LZ4Codec.Encode(_chat64k, buffer, LZ4Level.L00_FAST);
        ArrayPool<byte>.Shared.Return(buffer);
        return n;
    }

    [Benchmark(Description = "lz4 entry encode 64 KB")]
    [BenchmarkCategory("Lz4Encode")]
    public byte[] Lz4Entry() => EntryFormat.Encode(_chat64k, CacheCodec.Lz4, 256, 0.1);

    [Benchmark(Baseline = true, Description = "lz4 raw decompress 64 KB")]
    [BenchmarkCategory("Lz4Decode")]
    public int Lz4RawDecode() => LZ4Codec.Decode(_lz4Entry.AsSpan(EntryFormat.HeaderSize), _output);

    [Benchmark(Description = "lz4 entry decode 64 KB")]
    [BenchmarkCategory("Lz4Decode")]
    public byte[]? Lz4EntryDecode() => EntryFormat.TryDecode(_lz4Entry);

    [Benchmark(Baseline = true, Description = "zstd raw compress 64 KB")]
    [BenchmarkCategory("ZstdEncode")]
    public int ZstdRaw()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(_chat64k.Length));
        var n = RawZstd.Value!.Wrap(_chat64k, buffer);
        ArrayPool<byte>.Shared.Return(buffer);
        return n;
    }

    [Benchmark(Description = "zstd entry encode 64 KB")]
    [BenchmarkCategory("ZstdEncode")]
    public byte[] ZstdEntry() => EntryFormat.Encode(_chat64k, CacheCodec.Zstd, 256, 0.1);

    [Benchmark(Baseline = true, Description = "zstd raw decompress 64 KB")]
    [BenchmarkCategory("ZstdDecode")]
    public int ZstdRawDecode() => RawUnzstd.Value!.Unwrap(_zstdEntry.AsSpan(EntryFormat.HeaderSize), _output);

    [Benchmark(Description = "zstd entry decode 64 KB")]
    [BenchmarkCategory("ZstdDecode")]
    public byte[]? ZstdEntryDecode() => EntryFormat.TryDecode(_zstdEntry);

    [Benchmark(Baseline = true, Description = "gzip-6 raw compress 64 KB")]
    [BenchmarkCategory("GZipEncode")]
    public long GZipRaw()
    {
        using var output = new MemoryStream(_output.Length + 64);
        using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = EntryCodecs.GZipLevel }, leaveOpen: true))
        {
            gzip.Write(_chat64k);
        }

        return output.Length;
    }

    [Benchmark(Description = "gzip-6 entry encode 64 KB")]
    [BenchmarkCategory("GZipEncode")]
    public byte[] GZipEntry() => EntryFormat.Encode(_chat64k, CacheCodec.GZip, 256, 0.1);

    [Benchmark(Baseline = true, Description = "gzip-6 raw decompress 64 KB")]
    [BenchmarkCategory("GZipDecode")]
    public int GZipRawDecode()
    {
        using var gzip = new GZipStream(new MemoryStream(_gzipEntry, EntryFormat.HeaderSize, _gzipEntry.Length - EntryFormat.HeaderSize), CompressionMode.Decompress);
        gzip.ReadExactly(_output);
        return _output.Length;
    }

    [Benchmark(Description = "gzip-6 entry decode 64 KB")]
    [BenchmarkCategory("GZipDecode")]
    public byte[]? GZipEntryDecode() => EntryFormat.TryDecode(_gzipEntry);

    /// <summary>Compressed size / original size per codec on the 64 KB chat JSON (printed by <c>-- cache-ratios</c>).</summary>
    public static void PrintRatios()
    {
        var json = ChatSamples.ChatJson(64 * 1024);
        foreach (var codec in (CacheCodec[])[CacheCodec.Lz4, CacheCodec.GZip, CacheCodec.Zstd])
        {
            var entry = EntryFormat.Encode(json, codec, 256, 0.1);
            Console.WriteLine($"{codec}: {entry.Length:N0} of {json.Length:N0} bytes, ratio {(double)json.Length / entry.Length:0.00}x (stored/original {(double)entry.Length / json.Length:0.000})");
        }
    }

    private static readonly ThreadLocal<Compressor> RawZstd = new(() => new Compressor(EntryCodecs.ZstdLevel));
    private static readonly ThreadLocal<Decompressor> RawUnzstd = new(() => new Decompressor());

    private ResponseCache Disk(string name, CacheCodec codec)
    {
        // Memory tier off: every Get reads the row, checks the checksum and decompresses.
        var cache = ResponseCache.Create(new ResponseCacheOptions { Directory = Path.Combine(_directory, name), MemoryMaxBytes = 0, Codec = codec });
        cache.Set(Key, _answer, new DistributedCacheEntryOptions());
        return cache;
    }
}
