using Aide.Configuration;

namespace Aide.Chat;

/// <summary>
/// The providers of a failover pipeline in priority order, as its <c>GetService</c> hands them to the layers above
/// (events, the turn engine); which of them answered is stamped by <see cref="ProviderStamp"/>.
/// </summary>
internal sealed class ProviderRoster(IReadOnlyList<ProviderSettings> providers)
{
    public IReadOnlyList<ProviderSettings> Providers { get; } = providers;

    /// <summary>The provider named <paramref name="answeredBy"/> (<c>kind=address</c>), else the first: a cached answer is the first provider's.</summary>
    public ProviderSettings Resolve(string? answeredBy) =>
        (answeredBy is null ? null : Providers.FirstOrDefault(p => p.Name == answeredBy)) ?? Providers[0];
}
