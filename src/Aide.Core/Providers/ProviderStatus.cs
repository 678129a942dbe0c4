using Aide.Configuration;

namespace Aide.Providers;

/// <summary>What a probe of one provider found.</summary>
/// <param name="Provider">The provider probed.</param>
/// <param name="State">Whether it answered and how.</param>
/// <param name="Latency">Round-trip time of the probe.</param>
/// <param name="Detail">A short human explanation.</param>
/// <param name="Models">The models it lists, when it lists them.</param>
public sealed record ProviderStatus(ProviderSettings Provider, ProviderState State, TimeSpan Latency, string Detail, IReadOnlyList<string> Models)
{
    /// <summary>Gets whether the configured model is among <see cref="Models"/> (<see langword="null"/> when unknown).</summary>
    public bool? ModelListed => Models.Count == 0 || Provider.Model is null ? null
        : Models.Any(m => m.Equals(Provider.Model, StringComparison.OrdinalIgnoreCase)
            || m.Equals(Provider.Model + ":latest", StringComparison.OrdinalIgnoreCase));
}
