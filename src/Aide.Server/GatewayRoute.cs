using Aide.Configuration;

namespace Aide.Server;

/// <summary>Where a request goes: <see cref="Provider"/> alone with <see cref="Model"/>, or (both null) the whole list.</summary>
internal sealed record GatewayRoute(ProviderSettings? Provider, string? Model);
