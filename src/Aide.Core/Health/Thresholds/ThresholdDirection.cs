namespace Aide.Health.Thresholds;

/// <summary>Which side of a threshold is bad.</summary>
public enum ThresholdDirection
{
    /// <summary>Values above the threshold are bad (latency, memory, error rate).</summary>
    Above,

    /// <summary>Values below the threshold are bad (free disk, hit ratio).</summary>
    Below,
}
