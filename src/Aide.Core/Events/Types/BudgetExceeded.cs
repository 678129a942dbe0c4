namespace Aide.Events;

/// <summary>A request was refused: its budget for the period is spent; <see cref="AideEvent.CallerId"/> names the access key whose budget it is (none for the owner's).</summary>
/// <param name="Budget">The budget, e.g. <c>20/month USD</c>.</param>
/// <param name="Spent">What the period has spent.</param>
/// <param name="ResetsAt">When the period rolls over.</param>
public sealed partial record BudgetExceeded(string Budget, double Spent, DateTimeOffset ResetsAt) : ChatEvent;
