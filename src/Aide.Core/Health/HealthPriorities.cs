namespace Aide.Health;

/// <summary>Default interval, timeout and weight of each <see cref="HealthPriority"/>.</summary>
public static class HealthPriorities
{
    /// <summary>Gets how often checks of a class run by default.</summary>
    /// <param name="priority">The class.</param>
    /// <returns>5 s, 15 s, 30 s, 60 s or 300 s.</returns>
    public static TimeSpan DefaultInterval(this HealthPriority priority) => priority switch
    {
        HealthPriority.Critical => TimeSpan.FromSeconds(5),
        HealthPriority.High => TimeSpan.FromSeconds(15),
        HealthPriority.Normal => TimeSpan.FromSeconds(30),
        HealthPriority.Low => TimeSpan.FromSeconds(60),
        _ => TimeSpan.FromSeconds(300),
    };

    /// <summary>Gets how long a check of a class may take before it counts as failed.</summary>
    /// <param name="priority">The class.</param>
    /// <returns>3 s for critical checks (they must finish well within their 5 s period), 10 s, or 30 s for background ones.</returns>
    public static TimeSpan DefaultTimeout(this HealthPriority priority) => priority switch
    {
        HealthPriority.Critical => TimeSpan.FromSeconds(3),
        HealthPriority.Background => TimeSpan.FromSeconds(30),
        _ => TimeSpan.FromSeconds(10),
    };

    /// <summary>Gets the weight of a class in the overall health score (critical 5 … background 1).</summary>
    /// <param name="priority">The class.</param>
    /// <returns>The weight.</returns>
    public static int Weight(this HealthPriority priority) => 5 - (int)priority;
}
