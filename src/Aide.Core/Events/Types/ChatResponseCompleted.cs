namespace Aide.Events;

/// <summary>A chat turn was answered.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="InputTokens">Prompt tokens, as reported.</param>
/// <param name="OutputTokens">Generated tokens, as reported.</param>
/// <param name="Latency">Time from request to the last chunk.</param>
/// <param name="TimeToFirstToken">Time from request to the first text (streaming).</param>
/// <param name="FromCache">Whether the response cache answered.</param>
public sealed partial record ChatResponseCompleted(string Provider, string? Model, long? InputTokens, long? OutputTokens, TimeSpan Latency, TimeSpan? TimeToFirstToken, bool FromCache) : ChatEvent;
