using Aide.Health;
using Aide.Health.Recovery;
using Aide.Storage;

namespace Aide.Caching;

/// <summary>The response cache's health checks and repair, for a <see cref="HealthMonitor"/>.</summary>
public static class ResponseCacheHealth
{
    /// <summary>The cache's statistics (<c>cache</c>): degraded when its disk tier is off; repaired by trimming it.</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>The entry.</returns>
    public static HealthCheckEntry Entry(ResponseCache cache) =>
        new("cache", new CacheHealthCheck(cache), HealthPriority.Normal) { Recovery = [Trim(cache)] };

    /// <summary>The cache's file checked for damage (<c>store cache</c>), whether or not a cache is open on it.</summary>
    /// <param name="directory">The cache's folder (<see cref="ResponseCacheOptions.Directory"/>).</param>
    /// <returns>The entry.</returns>
    public static HealthCheckEntry FileEntry(string directory) =>
        StoreIntegrityCheck.Entry("store cache", Path.Combine(directory, ResponseCache.FileName));

    /// <summary>Removes expired entries from the cache (frees memory and disk): a repair for memory pressure.</summary>
    /// <param name="cache">The cache.</param>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy Trim(ResponseCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return RecoveryStrategy.From("trim-cache", _ =>
        {
            cache.SweepExpired();
            return default;
        });
    }
}
