using Aide.Events;

namespace Aide.Health;

/// <summary>
/// What each provider's recent chat calls did, from the chat events: answers (<see cref="ChatResponseCompleted"/>, not
/// from the cache), failures handed to the next provider (<see cref="ProviderFailover"/>) and requests that failed
/// (<see cref="ChatRequestFailed"/>, which names the provider that failed last). Fed live from the bus and, for a
/// short-lived command, from the journal's newest events, so a provider that lists its models but fails every chat is
/// not reported healthy. Requests the caller cancelled or the provider judged invalid do not count against it.
/// </summary>
public sealed class ProviderCallHistory : IDisposable
{
    /// <summary>
    /// The most calls kept per provider: a gateway answering thousands of requests a second would otherwise hold every
    /// call of the window (≈ 4 million at 7,000/s over 10 minutes: 60 MB of the resident set, growing for ten minutes,
    /// measured with eng/gateway-soak.sh), and every health check would count them all.
    /// </summary>
    private const int MaxCallsPerProvider = 1_000;

    private readonly Dictionary<string, Queue<(DateTimeOffset At, string? Failure)>> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly IDisposable[] _subscriptions;

    /// <summary>Creates the history, listening on <paramref name="bus"/> when given.</summary>
    /// <param name="bus">The bus chat events are published on, or <see langword="null"/>.</param>
    /// <param name="window">How far back calls count (default 10 minutes).</param>
    /// <param name="timeProvider">The clock.</param>
    public ProviderCallHistory(IEventBus? bus = null, TimeSpan? window = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _window = window ?? TimeSpan.FromMinutes(10);
        _subscriptions = bus is null ? [] :
        [
            bus.Subscribe<ChatResponseCompleted>(Add),
            bus.Subscribe<ProviderFailover>(Add),
            bus.Subscribe<ChatRequestFailed>(Add),
        ];
    }

    /// <summary>Adds events read back (e.g. from the journal); others than the chat outcomes are ignored.</summary>
    /// <param name="events">The events, oldest first.</param>
    public void Add(IEnumerable<AideEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var evt in events)
        {
            switch (evt)
            {
                case ChatResponseCompleted completed:
                    Add(completed);
                    break;
                case ProviderFailover failover:
                    Add(failover);
                    break;
                case ChatRequestFailed failed:
                    Add(failed);
                    break;
            }
        }
    }

    /// <summary>The provider's calls in the window (its newest 1,000 at most): how many, how many failed, and the newest failure (only when the newest call failed).</summary>
    /// <param name="provider">The provider's name (<c>kind=address</c>).</param>
    /// <returns>The counts.</returns>
    public ProviderCalls For(string provider)
    {
        lock (_calls)
        {
            if (!_calls.TryGetValue(provider, out var calls))
            {
                return new ProviderCalls(0, 0, null);
            }

            Trim(calls, _time.GetUtcNow());
            var failed = calls.Count(c => c.Failure is not null);
            return new ProviderCalls(calls.Count, failed, calls.Count > 0 ? calls.Last().Failure : null);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    private void Add(ChatResponseCompleted e)
    {
        if (!e.FromCache)
        {
            Record(e.Provider, e.Timestamp, null);
        }
    }

    private void Add(ProviderFailover e) => Record(e.From, e.Timestamp, e.Reason);

    private void Add(ChatRequestFailed e)
    {
        if (e.ErrorKind is not ("Cancelled" or "BadRequest" or "CircuitOpen"))
        {
            Record(e.Provider, e.Timestamp, e.StatusCode is { } status ? $"{e.ErrorKind}, HTTP {status}" : e.ErrorKind);
        }
    }

    private void Record(string provider, DateTimeOffset at, string? failure)
    {
        lock (_calls)
        {
            if (!_calls.TryGetValue(provider, out var calls))
            {
                _calls[provider] = calls = new Queue<(DateTimeOffset, string?)>();
            }

            calls.Enqueue((at, failure));
            if (calls.Count > MaxCallsPerProvider)
            {
                calls.Dequeue();
            }

            Trim(calls, _time.GetUtcNow());
        }
    }

    private void Trim(Queue<(DateTimeOffset At, string? Failure)> calls, DateTimeOffset now)
    {
        while (calls.Count > 0 && now - calls.Peek().At > _window)
        {
            calls.Dequeue();
        }
    }
}
