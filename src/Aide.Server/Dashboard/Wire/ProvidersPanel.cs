namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/providers</c>: the providers in priority order, and who answered the latest requests.</summary>
internal sealed record ProvidersPanel(IReadOnlyList<ProviderView> Providers, IReadOnlyList<AnswerView> Recent);
