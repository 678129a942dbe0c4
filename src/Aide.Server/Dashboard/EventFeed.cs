using System.Threading.Channels;
using Aide.Events;

namespace Aide.Server.Dashboard;

/// <summary>
/// One live <c>/api/events/stream</c> connection's queue: filled by the bus's publishing thread (never blocked: a
/// reader that falls more than <see cref="Capacity"/> events behind loses the oldest, which the page can fetch again
/// by reconnecting with its last id), drained by the connection.
/// </summary>
internal sealed class EventFeed(Func<AideEvent, bool> matches)
{
    public const int Capacity = 512;

    private readonly Channel<AideEvent> _queue = Channel.CreateBounded<AideEvent>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<AideEvent> Reader => _queue.Reader;

    public bool Matches(AideEvent evt) => matches(evt);

    public void Offer(AideEvent evt)
    {
        if (matches(evt))
        {
            _queue.Writer.TryWrite(evt);
        }
    }
}
