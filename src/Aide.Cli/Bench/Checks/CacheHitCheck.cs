using System.Globalization;
using Aide.Benchmarking;
using Aide.Caching;
using Microsoft.Extensions.Caching.Distributed;

namespace Aide.Cli.Bench.Checks;

/// <summary>Cache hit latency for a 4 KB answer: from the memory tier, and from the disk tier (read, checksum, LZ4 decode).</summary>
internal static class CacheHitCheck
{
    private const string Key = "8f2c0e1d5b6a4f3e9c7d2b1a0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c";

    public static async Task<BenchCheck> RunAsync(BenchContext context)
    {
        var answer = ChatSamples.ChatJson(4096);
        using var memory = ResponseCache.Create(new ResponseCacheOptions());
        using var disk = ResponseCache.Create(new ResponseCacheOptions { Directory = context.NewFolder("cache-hit"), MemoryMaxBytes = 0, Codec = CacheCodec.Lz4 });
        memory.Set(Key, answer, new DistributedCacheEntryOptions());
        disk.Set(Key, answer, new DistributedCacheEntryOptions());
        if (memory.Get(Key) is null || disk.Get(Key) is null)
        {
            throw new InvalidOperationException("the cache lost the entry it was given");
        }

        var memoryHit = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                memory.Get(Key);
            }
        });
        var diskHit = await context.Sampler.NanosecondsPerOperationAsync(n =>
        {
            for (var i = 0; i < n; i++)
            {
                disk.Get(Key);
            }
        });
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        memory.Get(Key);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        return new BenchCheck(
            "cache-hit",
            "Cache hit latency (4 KB answer)",
            "– (not measured; the cache's warming and ratios were stubs)",
            "memory ≤ 1 µs, disk ≤ 50 µs",
            string.Create(CultureInfo.InvariantCulture, $"memory {memoryHit.Median / 1e3:0.000} µs ({allocated:N0} B allocated, the copy returned), disk {diskHit.Median / 1e3:0.0} µs"),
            memoryHit.Median <= 1_000 && diskHit.Median <= 50_000,
            Spread.Of(memoryHit, diskHit),
            [BenchChart.Histogram("Memory-tier hit, 4 KB (per batch)", "µs", [.. memoryHit.Samples.Select(s => s / 1e3)]), BenchChart.Histogram("Disk-tier hit, 4 KB, LZ4 (per batch)", "µs", [.. diskHit.Samples.Select(s => s / 1e3)])]);
    }
}
