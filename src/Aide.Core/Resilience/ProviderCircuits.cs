using System.Collections.Concurrent;
using Aide.Events;

namespace Aide.Resilience;

/// <summary>
/// The circuit breakers of one process, one per provider name. The chat pipeline and the health monitor take
/// theirs from the same registry, so a failing probe and a failing chat call trip the same breaker.
/// </summary>
public sealed class ProviderCircuits
{
    private readonly ConcurrentDictionary<string, ProviderCircuit> _circuits = new(StringComparer.Ordinal);
    private readonly CircuitBreakerOptions _options;
    private readonly IEventBus? _bus;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a registry.</summary>
    /// <param name="options">Breaker settings for every provider (defaults when <see langword="null"/>).</param>
    /// <param name="bus">Where <see cref="CircuitBreakerStateChanged"/> events go, if anywhere.</param>
    /// <param name="timeProvider">The clock (the system clock when <see langword="null"/>).</param>
    public ProviderCircuits(CircuitBreakerOptions? options = null, IEventBus? bus = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new CircuitBreakerOptions();
        _bus = bus;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets every breaker created so far.</summary>
    public IReadOnlyCollection<ProviderCircuit> All => [.. _circuits.Values];

    /// <summary>Gets (creating on first use) the breaker of a provider.</summary>
    /// <param name="name">The provider's name, <c>kind=address</c>.</param>
    /// <returns>The breaker.</returns>
    public ProviderCircuit For(string name) => _circuits.GetOrAdd(name, static (n, self) => new ProviderCircuit(n, self._options, self._bus, self._timeProvider), this);
}
