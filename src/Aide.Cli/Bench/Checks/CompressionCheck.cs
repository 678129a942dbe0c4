using System.Globalization;
using Aide.Benchmarking;
using Aide.Caching;
using Aide.Caching.Format;

namespace Aide.Cli.Bench.Checks;

/// <summary>
/// Compression speed and ratio per codec on 64 KB of chat JSON, through the cache's own entry format (header,
/// checksum, codec), against GZip level 6, the codec and level the report chose.
/// </summary>
internal static class CompressionCheck
{
    private const int Size = 64 * 1024;

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var json = ChatSamples.ChatJson(Size);
        CacheCodec[] codecs = [CacheCodec.Lz4, CacheCodec.Zstd, CacheCodec.GZip];
        var encode = new Dictionary<CacheCodec, Measurement>();
        var decode = new Dictionary<CacheCodec, Measurement>();
        var ratio = new Dictionary<CacheCodec, double>();
        foreach (var codec in codecs)
        {
            var entry = EntryFormat.Encode(json, codec, 256, 0.1);
            ratio[codec] = (double)entry.Length / json.Length;
            encode[codec] = await context.Sampler.NanosecondsPerOperationAsync(n =>
            {
                for (var i = 0; i < n; i++)
                {
                    EntryFormat.Encode(json, codec, 256, 0.1);
                }
            });
            decode[codec] = await context.Sampler.NanosecondsPerOperationAsync(n =>
            {
                for (var i = 0; i < n; i++)
                {
                    EntryFormat.TryDecode(entry);
                }
            });
        }

        double MegabytesPerSecond(Measurement m) => Size / m.Median * 1e9 / 1e6;
        var speedup = encode[CacheCodec.GZip].Median / encode[CacheCodec.Lz4].Median;
        var measured = string.Join("; ", codecs.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Name(c)} {MegabytesPerSecond(encode[c]):N0}/{MegabytesPerSecond(decode[c]):N0} MB/s ratio {ratio[c]:0.00}")));
        var labels = codecs.Select(Name).ToArray();
        return new BenchCheck(
            "compression",
            "Compression speed and ratio per codec",
            "3× faster (LZ4 level 1, GZip level 6)",
            "default (LZ4) compresses ≥ 3× faster than GZip-6 and stores ≤ 0.5 of the bytes",
            string.Create(CultureInfo.InvariantCulture, $"LZ4 {speedup:0.0}× GZip-6; {measured} (compress/decompress)"),
            speedup >= 3 && ratio[CacheCodec.Lz4] <= 0.5,
            Spread.Of([.. encode.Values, .. decode.Values]),
            [
                BenchChart.Bars("Codec throughput on 64 KB chat JSON", "MB/s", [.. labels, .. labels], [.. codecs.Select(c => MegabytesPerSecond(encode[c])), .. codecs.Select(c => MegabytesPerSecond(decode[c]))], [.. codecs.Select(_ => "compress"), .. codecs.Select(_ => "decompress")]),
                BenchChart.Bars("Stored / original bytes (lower is smaller)", "ratio", labels, [.. codecs.Select(c => ratio[c])]),
            ],
            "Ratio is compressed / original bytes of the stored entry, header included.");
    }

    private static string Name(CacheCodec codec) => codec switch
    {
        CacheCodec.Lz4 => "LZ4-1",
        CacheCodec.Zstd => "Zstd-1",
        CacheCodec.GZip => "GZip-6",
        _ => codec.ToString(),
    };
}
