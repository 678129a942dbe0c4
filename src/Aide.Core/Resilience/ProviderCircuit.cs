using Aide.Chat;
using Aide.Events;
using Polly;
using Polly.CircuitBreaker;

namespace Aide.Resilience;

/// <summary>
/// One provider's circuit breaker (Polly v8): closed while the provider answers, open after too many failures
/// (calls are refused at once with <see cref="ChatErrorKind.CircuitOpen"/>), half-open after the break so the next
/// call probes it. Every transition is published as <see cref="CircuitBreakerStateChanged"/>. Chat calls and
/// health probes share it, so either can trip or heal it.
/// </summary>
public sealed class ProviderCircuit
{
    private const string Source = "resilience";
    private readonly ResiliencePipeline _pipeline;
    private readonly IEventBus? _bus;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private Events.CircuitState _current = Events.CircuitState.Closed;
    private DateTimeOffset _changedAt;
    private DateTimeOffset? _retryAt;
    private string _reason = "no calls yet";
    private AideChatException? _lastFailure;

    internal ProviderCircuit(string name, CircuitBreakerOptions options, IEventBus? bus, TimeProvider timeProvider)
    {
        Name = name;
        _bus = bus;
        _timeProvider = timeProvider;
        _changedAt = timeProvider.GetUtcNow();
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args =>
                {
                    var counts = args.Outcome.Exception is { } ex && CountsAgainstProvider(ex);
                    if (counts)
                    {
                        Volatile.Write(ref _lastFailure, args.Outcome.Exception as AideChatException);
                    }

                    return ValueTask.FromResult(counts);
                },
                OnOpened = args =>
                {
                    var why = args.Outcome.Exception is AideChatException error ? $"{error.Kind}: {error.Message}" : "failures";
                    Change(Events.CircuitState.Open, $"{why} (break {args.BreakDuration.TotalSeconds:0.#} s)", timeProvider.GetUtcNow() + args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    Change(Events.CircuitState.HalfOpen, "break over; probing", null);
                    return default;
                },
                OnClosed = _ =>
                {
                    Change(Events.CircuitState.Closed, "probe succeeded", null);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Gets the provider's name (<c>kind=address</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the breaker's state as last observed.</summary>
    public Events.CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Gets when the state last changed, why, and when an open circuit lets a probe through.</summary>
    public (DateTimeOffset ChangedAt, string Reason, DateTimeOffset? RetryAt) LastChange
    {
        get
        {
            lock (_gate)
            {
                return (_changedAt, _reason, _retryAt);
            }
        }
    }

    /// <summary>Whether an error says the provider itself is in trouble (not the request or the caller).</summary>
    internal static bool CountsAgainstProvider(Exception error) => error is AideChatException
    {
        Kind: ChatErrorKind.Unreachable or ChatErrorKind.ServerError or ChatErrorKind.Timeout or ChatErrorKind.ConnectionLost
            or ChatErrorKind.BadResponse or ChatErrorKind.RateLimited,
    };

    /// <summary>Runs a call through the breaker; an open circuit throws <see cref="AideChatException"/> (<see cref="ChatErrorKind.CircuitOpen"/>) without calling.</summary>
    internal async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw Refused(ex);
        }
    }

    /// <summary>Opens a stream through the breaker; only failures before the first chunk count.</summary>
    internal async ValueTask<(IAsyncEnumerator<T> Updates, bool HasFirst)> OpenStreamAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> start, CancellationToken cancellationToken)
    {
        try
        {
            return await FirstChunk.OpenAsync(_pipeline, start, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw Refused(ex);
        }
    }

    private AideChatException Refused(BrokenCircuitException ex)
    {
        var (_, reason, retryAt) = LastChange;
        var wait = retryAt is { } at ? $"; the next probe is allowed in {Math.Max(0, (at - _timeProvider.GetUtcNow()).TotalSeconds):0} s" : string.Empty;
        // The status of the failure that opened it, so a refused request still says what the provider last answered.
        return new AideChatException($"{Name} is not being called: its circuit breaker is open after repeated failures ({reason}){wait}.", ex)
        {
            Kind = ChatErrorKind.CircuitOpen,
            Provider = Name,
            StatusCode = Volatile.Read(ref _lastFailure)?.StatusCode,
            RetryAfter = ex.RetryAfter,
        };
    }

    private void Change(Events.CircuitState to, string reason, DateTimeOffset? retryAt)
    {
        Events.CircuitState from;
        lock (_gate)
        {
            from = _current;
            if (from == to)
            {
                return;
            }

            _current = to;
            _changedAt = _timeProvider.GetUtcNow();
            _reason = reason;
            _retryAt = retryAt;
        }

        _bus?.Publish(new CircuitBreakerStateChanged(Name, from, to, reason)
        {
            Timestamp = _timeProvider.GetUtcNow(),
            Source = Source,
            Severity = to == Events.CircuitState.Open ? EventSeverity.Warning : EventSeverity.Info,
        });
    }
}
