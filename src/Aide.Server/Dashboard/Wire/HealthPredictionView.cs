namespace Aide.Server.Dashboard.Wire;

internal sealed record HealthPredictionView(string Metric, double Level, DateTimeOffset BreachAt, double Confidence, double SlopePerMinute);
