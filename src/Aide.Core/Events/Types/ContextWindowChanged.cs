namespace Aide.Events;

/// <summary>The set of items sent to the model changed to fit the token budget.</summary>
/// <param name="TokensBefore">Tokens before.</param>
/// <param name="TokensAfter">Tokens after.</param>
/// <param name="ItemsBefore">Items before.</param>
/// <param name="ItemsAfter">Items after.</param>
/// <param name="Budget">The token budget.</param>
/// <param name="Strategy">How the window was fitted (e.g. recent-first, summarize).</param>
/// <param name="ItemsDropped">Items left out.</param>
/// <param name="ItemsSummarized">Items replaced by a summary.</param>
public sealed partial record ContextWindowChanged(int TokensBefore, int TokensAfter, int ItemsBefore, int ItemsAfter, int Budget, string Strategy, int ItemsDropped, int ItemsSummarized) : ContextEvent;
