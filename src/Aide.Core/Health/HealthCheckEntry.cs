using Aide.Health.Recovery;
using Aide.Health.Thresholds;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health;

/// <summary>A check the <see cref="HealthMonitor"/> runs: what, how often, its thresholds and how to repair it.</summary>
public sealed class HealthCheckEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="name">The component's name, unique in the monitor (e.g. <c>provider openai=http://…</c>, <c>memory</c>).</param>
    /// <param name="check">The check (any <see cref="IHealthCheck"/>, including ASP.NET Core ones).</param>
    /// <param name="priority">Its class, which sets the default interval and timeout.</param>
    public HealthCheckEntry(string name, IHealthCheck check, HealthPriority priority)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(check);
        Name = name;
        Check = check;
        Priority = priority;
    }

    /// <summary>Gets the component's name.</summary>
    public string Name { get; }

    /// <summary>Gets the check.</summary>
    public IHealthCheck Check { get; }

    /// <summary>Gets the priority class.</summary>
    public HealthPriority Priority { get; }

    /// <summary>Gets how often it runs (default: the class's interval).</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>Gets how long one run may take (default: the class's timeout).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Gets whether the component is a model provider: when every provider is unhealthy, Aide is <see cref="HealthLevel.Down"/>.</summary>
    public bool IsProvider { get; init; }

    /// <summary>Gets thresholds on the numeric values the check reports in <see cref="HealthCheckResult.Data"/>.</summary>
    public IReadOnlyList<MetricThreshold> Thresholds { get; init; } = [];

    /// <summary>Gets the repairs to try, in order, when the component turns unhealthy.</summary>
    public IReadOnlyList<IRecoveryStrategy> Recovery { get; init; } = [];

    internal TimeSpan EffectiveInterval => Interval ?? Priority.DefaultInterval();

    internal TimeSpan EffectiveTimeout => Timeout ?? Priority.DefaultTimeout();
}
