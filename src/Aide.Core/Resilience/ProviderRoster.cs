using Aide.Chat;
using Aide.Configuration;

namespace Aide.Resilience;

/// <summary>The providers of a failover pipeline in priority order, as its <c>GetService</c> hands them to the turn runner.</summary>
internal sealed class ProviderRoster(IReadOnlyList<ProviderSettings> providers)
{
    public IReadOnlyList<ProviderSettings> Providers { get; } = providers;

    /// <summary>The provider named <paramref name="answeredBy"/> (<c>kind=address</c>), else the first: a cached answer is the first provider's.</summary>
    public ProviderSettings Resolve(string? answeredBy) =>
        (answeredBy is null ? null : Providers.FirstOrDefault(p => AideChatClientFactory.NameOf(p) == answeredBy)) ?? Providers[0];
}
