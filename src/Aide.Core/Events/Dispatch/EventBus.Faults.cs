
namespace Aide.Events.Dispatch;

/// <summary>What the bus does about failing, suspended and overflowing subscribers, and how it shuts down.</summary>
internal sealed partial class EventBus
{
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Subscription[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
            Volatile.Write(ref _subscriptionCount, 0);
            Volatile.Write(ref _routes, []);
        }

        // A loop, not OfType().ToList(): LINQ over that iterator is a generic virtual method, resolved at run time under
        // Native AOT (~0.2 ms of every command, perf); and a bus with no asynchronous handler has nothing to drain.
        var mailboxes = new List<AsyncSubscription>();
        foreach (var subscription in subscriptions)
        {
            if (subscription is AsyncSubscription mailbox)
            {
                mailboxes.Add(mailbox);
            }
        }

        var dispatcher = Dispatcher;
        if (mailboxes.Count > 0)
        {
            try
            {
                await DrainAsync(dispatcher, mailboxes).WaitAsync(_options.DrainTimeout, _timeProvider);
            }
            catch (TimeoutException)
            {
                EventLog.EventBusDrainTimedOut(_logger, _options.DrainTimeout, BacklogOf(subscriptions));
            }
        }

        await _shutdown.CancelAsync();
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        dispatcher?.Dispose();
        _metrics.Dispose();
        _shutdown.Dispose();
    }

    /// <summary>
    /// Waits for the shared dispatcher first, as it may still feed detached mailboxes, then for every mailbox (each
    /// asked only then: one idle before the dispatcher's last forward would not be waited for).
    /// </summary>
    private static async Task DrainAsync(SharedDispatcher? dispatcher, List<AsyncSubscription> mailboxes)
    {
        if (dispatcher is not null)
        {
            await dispatcher.WhenIdleAsync();
        }

        var draining = new Task[mailboxes.Count];
        for (var i = 0; i < draining.Length; i++)
        {
            draining[i] = mailboxes[i].WhenIdleAsync();
        }

        await Task.WhenAll(draining);
    }

    /// <summary>
    /// A handler left the shared dispatcher for a queue of its own: <c>blocked</c> is a warning (the others waited for
    /// it once); <c>pending</c> and <c>slow</c> are how asynchronous handlers are meant to end up, logged at debug level.
    /// </summary>
    internal void OnHandlerDetached(AsyncSubscription subscription, string reason)
    {
        if (reason == DetachReason.Blocked)
        {
            EventLog.EventHandlerBlocked(_logger, subscription.Name, _options.BlockedHandlerTimeout);
        }
        else
        {
            EventLog.EventHandlerDetached(_logger, subscription.Name, reason);
        }

        if (_metrics.HandlersDetached.Enabled)
        {
            _metrics.HandlersDetached.Add(1, new KeyValuePair<string, object?>("aide.event.detach_reason", reason));
        }
    }

    internal void OnSkipped() => Interlocked.Increment(ref _skipped);

    internal void OnDropped(AsyncSubscription subscription, AideEvent @event)
    {
        if (Interlocked.Increment(ref _dropped) == 1)
        {
            EventLog.EventDropped(_logger, subscription.Name, @event.GetType().Name);
        }

        if (_metrics.Dropped.Enabled)
        {
            _metrics.Dropped.Add(1, EventBusMetrics.TypeTag(@event.GetType().Name));
        }
    }

    internal void OnHandlerFailed(Subscription subscription, AideEvent @event, Exception error, bool deadLetter)
    {
        Interlocked.Increment(ref _failures);
        var eventType = @event.GetType().Name;
        EventLog.EventHandlerFailed(_logger, subscription.Name, eventType, error);
        if (_metrics.HandlerFailures.Enabled)
        {
            _metrics.HandlerFailures.Add(1, EventBusMetrics.TypeTag(eventType));
        }

        if (subscription.Breaker.OnFailure())
        {
            EventLog.EventHandlerSuspended(_logger, subscription.Name, _options.HandlerFailureThreshold, _options.HandlerBreakDuration);
        }

        if (deadLetter && _options.DeadLetterSink is { } sink)
        {
            try
            {
                sink.Write(@event, subscription.Name, error);
                Interlocked.Increment(ref _deadLettered);
            }
            catch (Exception sinkError)
            {
                EventLog.DeadLetterSinkFailed(_logger, sinkError);
            }
        }
    }
}
