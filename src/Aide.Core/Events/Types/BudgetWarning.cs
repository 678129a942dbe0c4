namespace Aide.Events;

/// <summary>A budget is 80 % spent for its period (once per period and process); <see cref="AideEvent.CallerId"/> names the access key whose budget it is (none for the owner's).</summary>
/// <param name="Budget">The budget, e.g. <c>20/month USD</c>.</param>
/// <param name="Spent">What the period has spent.</param>
/// <param name="Fraction">The share spent (0–1).</param>
/// <param name="ResetsAt">When the period rolls over.</param>
public sealed partial record BudgetWarning(string Budget, double Spent, double Fraction, DateTimeOffset ResetsAt) : ChatEvent;
