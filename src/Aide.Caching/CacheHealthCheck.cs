using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Caching;

/// <summary>The response cache: <c>hit_ratio</c>, <c>entries</c>, <c>stored_mb</c> and <c>compression_ratio</c>; degraded when its disk tier is off.</summary>
/// <param name="cache">The cache.</param>
internal sealed class CacheHealthCheck(ResponseCache cache) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = cache.GetStatistics();
        var data = new Dictionary<string, object>
        {
            ["hit_ratio"] = Math.Round(s.HitRatio, 4),
            ["entries"] = s.DiskEntries,
            ["stored_mb"] = Math.Round(s.DiskStoredBytes / (1024.0 * 1024), 3),
            ["compression_ratio"] = Math.Round(s.CompressionRatio, 4),
        };
        var description = $"{s.DiskEntries} answers, hit ratio {s.HitRatio:P1}, stored/original {s.CompressionRatio:0.###}";
        return Task.FromResult(s.DiskProblem is { } problem
            ? HealthCheckResult.Degraded($"disk tier off ({problem}); {description}", data: data)
            : HealthCheckResult.Healthy(description, data));
    }
}
