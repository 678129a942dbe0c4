namespace Aide.Health.Prediction;

/// <summary>A forecast that a metric will cross a level.</summary>
/// <param name="Level">The level it heads for (the warning level, or the critical one once past warning).</param>
/// <param name="PredictedBreach">When the fitted trend reaches it.</param>
/// <param name="Confidence">0 to 1: the probability, given the fit's uncertainty, that the trend reaches the level within the horizon.</param>
/// <param name="SlopePerMinute">The fitted change per minute.</param>
public sealed record TrendPrediction(double Level, DateTimeOffset PredictedBreach, double Confidence, double SlopePerMinute);
