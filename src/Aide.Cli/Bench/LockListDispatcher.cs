namespace Aide.Cli.Bench;

/// <summary>The baseline of the event checks (here and in the BenchmarkDotNet suite, which links this file): the obvious dispatcher, a lock around a list of delegates, copied per publish for safety.</summary>
internal sealed class LockListDispatcher<TEvent>
{
    private readonly Lock _gate = new();
    private readonly List<Action<TEvent>> _handlers = [];

    public void Subscribe(Action<TEvent> handler)
    {
        lock (_gate)
        {
            _handlers.Add(handler);
        }
    }

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
