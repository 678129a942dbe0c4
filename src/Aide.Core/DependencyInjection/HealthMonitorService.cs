using Aide.Health;
using Microsoft.Extensions.Hosting;

namespace Aide;

/// <summary>Starts the container's <see cref="HealthMonitor"/> with the host; the container disposes it (and its checks).</summary>
internal sealed class HealthMonitorService(HealthMonitor monitor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        monitor.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
