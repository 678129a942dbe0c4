using System.Diagnostics;
using System.Threading.RateLimiting;
using Aide.Chat;

namespace Aide.Providers.Local;

/// <summary>
/// One local model answers one request at a time (one KV cache); the others wait here, oldest first, up to a bound.
/// Beyond it a request is refused at once with <see cref="ChatErrorKind.Busy"/> and a Retry-After estimated from
/// recent calls, instead of piling up (a gateway answers it with 429, or fails over to the next provider).
/// </summary>
internal sealed class LocalRequestQueue(string modelName, int maxQueued) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = 1,
        QueueLimit = maxQueued,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private long _averageTicks = TimeSpan.FromSeconds(1).Ticks;

    /// <summary>Waits for the model; dispose the result when the call is over (it records how long the call took).</summary>
    /// <exception cref="AideChatException">The queue is full (<see cref="ChatErrorKind.Busy"/>).</exception>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            var wait = TimeSpan.FromTicks(Math.Clamp(Interlocked.Read(ref _averageTicks) * (maxQueued + 1), TimeSpan.TicksPerSecond, 60 * TimeSpan.TicksPerSecond));
            throw new AideChatException($"The local model '{modelName}' is busy: {maxQueued} requests are already waiting for it (aide serve --queue). Try again in {wait.TotalSeconds:0} s.")
            {
                Kind = ChatErrorKind.Busy,
                Provider = "local=" + modelName,
                RetryAfter = wait,
            };
        }

        return new Turn(this, lease, Stopwatch.GetTimestamp());
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Keeps a moving average of call durations (weight 1/8 for the newest) for the Retry-After estimate.</summary>
    private void Record(TimeSpan took)
    {
        var average = Interlocked.Read(ref _averageTicks);
        Interlocked.Exchange(ref _averageTicks, average + ((took.Ticks - average) / 8));
    }

    private sealed class Turn(LocalRequestQueue queue, RateLimitLease lease, long started) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Record(Stopwatch.GetElapsedTime(started));
                lease.Dispose();
            }
        }
    }
}
