namespace Aide.Events;

/// <summary>A trend predicts a threshold will be crossed.</summary>
/// <param name="Component">The component.</param>
/// <param name="Metric">The metric.</param>
/// <param name="PredictedBreach">When the breach is expected.</param>
/// <param name="Confidence">Confidence of the prediction, 0 to 1.</param>
/// <param name="Message">A human summary.</param>
public sealed partial record HealthPredictionAlert(string Component, string Metric, DateTimeOffset PredictedBreach, double Confidence, string Message) : HealthEvent;
