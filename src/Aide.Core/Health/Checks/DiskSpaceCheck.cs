using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>Free space where a folder lives (the folder need not exist yet): <c>free_mb</c> and <c>free_percent</c>; unhealthy under 100 MB, degraded under 1 GB.</summary>
/// <param name="folder">The folder.</param>
internal sealed class DiskSpaceCheck(string folder) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var existing = Path.GetFullPath(folder);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var drive = new DriveInfo(existing);
        var free = drive.AvailableFreeSpace / (1024.0 * 1024);
        var percent = drive.TotalSize == 0 ? 0 : 100.0 * drive.AvailableFreeSpace / drive.TotalSize;
        var data = new Dictionary<string, object> { ["free_mb"] = Math.Round(free, 1), ["free_percent"] = Math.Round(percent, 2) };
        var description = $"{free / 1024:0.##} GB free ({percent:0.#} %) for {folder}";
        return Task.FromResult(free < 100 ? HealthCheckResult.Unhealthy(description, data: data)
            : free < 1024 ? HealthCheckResult.Degraded(description, data: data)
            : HealthCheckResult.Healthy(description, data));
    }
}
