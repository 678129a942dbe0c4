namespace Aide.Events;

/// <summary>A provider's transient failure (429, 5xx, a dropped connection) is retried after a wait.</summary>
/// <param name="Provider">The provider (kind=address).</param>
/// <param name="ErrorKind">What failed (<c>RateLimited</c>, <c>ServerError</c>, …).</param>
/// <param name="StatusCode">The HTTP status, when there was one.</param>
/// <param name="Attempt">The retry about to be made: 1 for the first.</param>
/// <param name="Delay">How long it waits first (the provider's Retry-After when it gave one).</param>
public sealed partial record ChatRetrying(string Provider, string ErrorKind, int? StatusCode, int Attempt, TimeSpan Delay) : ChatEvent;
