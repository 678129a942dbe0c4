namespace Aide.Events;

/// <summary>A request moved from one provider to the next in the list.</summary>
/// <param name="From">The provider that failed or is unhealthy.</param>
/// <param name="To">The provider taking over.</param>
/// <param name="Reason">Why.</param>
public sealed partial record ProviderFailover(string From, string To, string Reason) : ChatEvent;
