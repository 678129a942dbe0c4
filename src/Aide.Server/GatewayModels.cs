using Aide.Configuration;
using Aide.Providers;

namespace Aide.Server;

/// <summary>
/// The models the gateway serves and which provider serves each: every provider's own list (read through
/// <see cref="ProviderProbe"/>, kept for <see cref="AideGatewayOptions.ModelListLifetime"/>), its configured model, and the extra ones.
/// </summary>
internal sealed class GatewayModels(AideGatewayOptions options, ProviderProbe probe, TimeProvider time)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private Listing? _listing;
    private Task<Listing>? _reading;

    /// <summary>A model and the provider that serves it; <see cref="Unread"/> when a provider's list could not be read.</summary>
    internal sealed record Listing(IReadOnlyList<(string Id, ProviderSettings Provider)> Models, bool Unread, DateTimeOffset ReadAt);

    /// <summary>The models, read again once <see cref="AideGatewayOptions.ModelListLifetime"/> has passed; concurrent callers share one read.</summary>
    public Task<Listing> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_listing is { } fresh && time.GetUtcNow() - fresh.ReadAt < options.ModelListLifetime)
            {
                return Task.FromResult(fresh);
            }

            // One read for everyone waiting; a caller that leaves stops waiting, not the read.
            _reading ??= ReadAsync();
            return _reading.WaitAsync(cancellationToken);
        }
    }

    private async Task<Listing> ReadAsync()
    {
        await Task.Yield(); // out of the lock before the first probe
        try
        {
            var statuses = await Task.WhenAll(options.Providers.Select(p => probe.ProbeAsync(p, ProbeTimeout, CancellationToken.None)));
            var models = new List<(string, ProviderSettings)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var status in statuses)
            {
                foreach (var id in status.Models.Append(status.Provider.Model).OfType<string>())
                {
                    if (seen.Add(status.Provider.KindName + "/" + id))
                    {
                        models.Add((id, status.Provider));
                    }
                }
            }

            var listing = new Listing(models, statuses.Any(s => s.State != ProviderState.Ok), time.GetUtcNow());
            lock (_gate)
            {
                _listing = listing;
            }

            return listing;
        }
        finally
        {
            lock (_gate)
            {
                _reading = null;
            }
        }
    }

    /// <summary>
    /// Picks the route for a request's <c>model</c> (an alias is its target first): none (the whole list, each provider's own model), <c>kind/name</c>
    /// (that kind's first provider), or a bare name (the first provider that lists it; the first provider as it is when
    /// a list could not be read). <see langword="null"/>: no provider serves it.
    /// </summary>
    public async Task<GatewayRoute?> ResolveAsync(string? model, CancellationToken cancellationToken)
    {
        var providers = options.Providers;
        if (model is not null && options.ModelAliases.TryGetValue(model, out var target))
        {
            model = target;
        }

        if (string.IsNullOrEmpty(model) || model == providers[0].Model)
        {
            return new GatewayRoute(null, null);
        }

        var slash = model.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && providers.FirstOrDefault(p => string.Equals(p.KindName, model[..slash], StringComparison.OrdinalIgnoreCase)) is { } qualified)
        {
            return new GatewayRoute(qualified, model[(slash + 1)..]);
        }

        // A pulled local model is served in-process even when no local provider is configured.
        if (slash > 0 && model[..slash] == ProviderSettings.NameOf(ProviderKind.Local) && options.ExtraModels.Contains(model))
        {
            return new GatewayRoute(new ProviderSettings(ProviderKind.Local, model[(slash + 1)..]), null);
        }

        if (providers.FirstOrDefault(p => p.Model == model) is { } configured)
        {
            return new GatewayRoute(configured, model);
        }

        var listing = await ListAsync(cancellationToken);
        foreach (var (id, provider) in listing.Models)
        {
            if (id == model)
            {
                return new GatewayRoute(provider, model);
            }
        }

        return listing.Unread ? new GatewayRoute(providers[0], model) : null;
    }
}
