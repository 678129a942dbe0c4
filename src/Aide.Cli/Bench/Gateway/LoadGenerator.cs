using System.Diagnostics;
using System.Net.Http.Headers;

namespace Aide.Cli.Bench.Gateway;

/// <summary>
/// A fixed-concurrency HTTP load generator: <c>concurrency</c> workers post the same body for a duration, each as
/// fast as answers come (closed loop) or at a fixed total rate; each request's time to the first byte of the body and
/// to its end is recorded. Hand-written rather than wrk or autocannon because <c>aide bench</c> must run anywhere the
/// executable does, with nothing else installed; eng/gateway-soak.sh drives the long memory run with wrk.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string url, byte[] body, int concurrency, TimeSpan duration, double? rate, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        // Every connection opened before the clock starts.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => SendAsync(http, url, body, new byte[16 * 1024], cancellationToken)));

        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long ticket = -1;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(
            async () =>
            {
                var samples = new Worker();
                while (true)
                {
                    if (rate is { } perSecond)
                    {
                        var due = started + (long)(Interlocked.Increment(ref ticket) * Stopwatch.Frequency / perSecond);
                        if (due >= end)
                        {
                            break;
                        }

                        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait, cancellationToken);
                        }
                    }
                    else if (Stopwatch.GetTimestamp() >= end)
                    {
                        break;
                    }

                    var (ok, firstByte, total) = await SendAsync(http, url, body, samples.Buffer, cancellationToken);
                    if (ok)
                    {
                        samples.FirstByte.Add(firstByte);
                        samples.Total.Add(total);
                    }
                    else
                    {
                        samples.Errors++;
                    }
                }

                return samples;
            },
            cancellationToken)).ToList();
        var done = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new LoadResult(
            elapsed,
            done.Sum(w => w.Errors),
            [.. done.SelectMany(w => w.Total).Order()],
            [.. done.SelectMany(w => w.FirstByte).Order()]);
    }

    private static async Task<(bool Ok, double FirstByteMs, double TotalMs)> SendAsync(HttpClient http, string url, byte[] body, byte[] buffer, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var read = await stream.ReadAsync(buffer, cancellationToken);
        var firstByte = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
        while (read > 0)
        {
            read = await stream.ReadAsync(buffer, cancellationToken);
        }

        return (response.IsSuccessStatusCode, firstByte, Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
    }

    private sealed class Worker
    {
        /// <summary>Gets the worker's read buffer, reused: a new 16 KB array per request cost the generator CPU it shares with the servers.</summary>
        public byte[] Buffer { get; } = new byte[16 * 1024];

        public List<double> FirstByte { get; } = [];

        public List<double> Total { get; } = [];

        public int Errors { get; set; }
    }
}
