using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>The process's memory: <c>gc_heap_mb</c> (managed heap in use), <c>working_set_mb</c> and <c>memory_load_percent</c> (of what the GC may use). Cheap: no collection is forced.</summary>
internal sealed class ProcessMemoryCheck : IHealthCheck
{
    private const double MiB = 1024 * 1024;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var info = GC.GetGCMemoryInfo();
        var heap = GC.GetTotalMemory(forceFullCollection: false) / MiB;
        var workingSet = Environment.WorkingSet / MiB;
        var load = info.TotalAvailableMemoryBytes == 0 ? 0 : 100.0 * info.MemoryLoadBytes / info.TotalAvailableMemoryBytes;
        var data = new Dictionary<string, object>
        {
            ["gc_heap_mb"] = Math.Round(heap, 2),
            ["working_set_mb"] = Math.Round(workingSet, 2),
            ["memory_load_percent"] = Math.Round(load, 2),
        };
        return Task.FromResult(HealthCheckResult.Healthy($"{heap:0.#} MB managed heap, {workingSet:0.#} MB working set", data));
    }
}
