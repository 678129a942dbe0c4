namespace Aide.Cli.Output;

/// <summary>A trend forecast in <see cref="HealthJson"/>.</summary>
internal sealed record HealthPredictionJson(string Metric, double Level, DateTimeOffset PredictedBreach, double Confidence, double SlopePerMinute);
