namespace Aide.Diagnostics;

/// <summary>Names under which Aide publishes traces and metrics, for OpenTelemetry to subscribe to.</summary>
public static class AideDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name of Aide's traces.</summary>
    public const string ActivitySourceName = "Aide";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of Aide's metrics.</summary>
    public const string MeterName = "Aide";
}
