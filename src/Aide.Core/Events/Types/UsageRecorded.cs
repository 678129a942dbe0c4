namespace Aide.Events;

/// <summary>An answer's usage was recorded: tokens, context fill and cost (never message text).</summary>
/// <param name="Provider">The answering provider's kind.</param>
/// <param name="Model">The model.</param>
/// <param name="InputTokens">Prompt tokens (cached ones included).</param>
/// <param name="CachedInputTokens">Prompt tokens served from the provider's prompt cache.</param>
/// <param name="OutputTokens">Answer tokens.</param>
/// <param name="Estimated">Whether the provider reported no usage and the counts are Aide's estimate.</param>
/// <param name="FromCache">Whether Aide's response cache answered.</param>
/// <param name="Cost">The cost (0 when cached or unpriced).</param>
/// <param name="Saved">What a cached answer would have cost.</param>
/// <param name="Currency">The price's currency, or <see langword="null"/> when unpriced.</param>
/// <param name="ContextFill">The share of the context window in use (0–1), for a turn with one.</param>
public sealed partial record UsageRecorded(
    string? Provider, string? Model, long InputTokens, long CachedInputTokens, long OutputTokens, bool Estimated, bool FromCache, double Cost, double Saved, string? Currency, double? ContextFill) : ChatEvent;
