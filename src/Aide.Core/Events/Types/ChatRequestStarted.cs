namespace Aide.Events;

/// <summary>A chat turn was sent to a provider.</summary>
/// <param name="Provider">The provider, as kind=address (never a key).</param>
/// <param name="Model">The model asked.</param>
/// <param name="Messages">Messages sent.</param>
/// <param name="Streaming">Whether the answer streams.</param>
public sealed partial record ChatRequestStarted(string Provider, string? Model, int Messages, bool Streaming) : ChatEvent;
