using Aide.Health;

namespace Aide;

/// <summary>The checks the container's monitor runs; disposes the ones holding resources with the container.</summary>
internal sealed class MonitoredChecks(IReadOnlyList<HealthCheckEntry> entries) : IDisposable
{
    public IReadOnlyList<HealthCheckEntry> Entries { get; } = entries;

    public void Dispose() => AideHealthChecks.DisposeAll(Entries);
}
