namespace Aide.Benchmarking;

/// <typeparam name="TEvent">The event type.</typeparam>
/// <summary>The baseline of the event checks (in aide bench and the BenchmarkDotNet suite): the obvious dispatcher, a lock around a list of delegates, copied per publish for safety.</summary>
public sealed class LockListDispatcher<TEvent>
{
    private readonly Lock _gate = new();
    private readonly List<Action<TEvent>> _handlers = [];

    /// <summary>Adds a handler.</summary>
    /// <param name="handler">The handler.</param>
    public void Subscribe(Action<TEvent> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }
    }

    /// <summary>Calls every handler inline, each isolated from the others' exceptions.</summary>
    /// <param name="evt">The event.</param>
    public void Publish(TEvent evt)
    {
        Action<TEvent>[] handlers;
        lock (_gate)
        {
            if (_handlers.Count == 0)
            {
                return;
            }

            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            try
            {
                handler(evt);
            }
            catch (Exception)
            {
                // isolated, as the bus does
            }
        }
    }
}
