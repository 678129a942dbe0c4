using Aide.Events;

namespace Aide;

/// <summary>
/// Something that must listen from the bus's first event (the journal): attached as the container builds the bus,
/// disposed by the container after it.
/// </summary>
internal sealed class EventBusAttachment(Func<IEventBus, IServiceProvider, IDisposable> attach) : IDisposable
{
    private IDisposable? _attached;

    public void Attach(IEventBus bus, IServiceProvider services) => _attached ??= attach(bus, services);

    public void Dispose() => _attached?.Dispose();
}
