using Microsoft.Extensions.Logging;

namespace Aide.Usage;

/// <summary>
/// Records of turns that saved no answer (the gateway's stateless requests), written to the ledger together: within a
/// second, at 256 pending, and when the meter is disposed. One durable transaction per request would cost the gateway
/// an fsync each (synchronous=FULL); a batch costs one per second at most. A failed write keeps its records for the
/// next (up to 10,000, the oldest dropped with an error in the log beyond that).
/// </summary>
internal sealed class UsageBatch(IUsageLedger ledger, TimeProvider timeProvider, ILogger? logger) : IDisposable
{
    private const int FlushAt = 256;
    private const int MaxPending = 10_000;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    private List<UsageRecord> _pending = [];
    private bool _scheduled;

    public void Add(UsageRecord record)
    {
        bool schedule, now;
        lock (_gate)
        {
            _pending.Add(record);
            if (_pending.Count > MaxPending)
            {
                _pending.RemoveAt(0);
                if (logger is not null)
                {
                    UsageLog.RecordDropped(logger);
                }
            }

            now = _pending.Count >= FlushAt;
            schedule = !_scheduled && !now;
            _scheduled |= schedule;
        }

        if (now || schedule)
        {
            _ = FlushLaterAsync(now ? TimeSpan.Zero : Delay);
        }
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            List<UsageRecord> batch;
            lock (_gate)
            {
                (batch, _pending) = (_pending, []);
                _scheduled = false;
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await ledger.RecordAsync(batch, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (logger is not null)
                {
                    UsageLog.WriteFailed(logger, e, batch.Count);
                }

                lock (_gate)
                {
                    _pending.InsertRange(0, batch);
                }
            }
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();

    private async Task FlushLaterAsync(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider);
        }

        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The meter was disposed meanwhile; its disposal wrote what was pending.
        }
    }
}
