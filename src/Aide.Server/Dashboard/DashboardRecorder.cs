using Aide.Events;
using Aide.Server.Dashboard.Wire;

namespace Aide.Server.Dashboard;

/// <summary>
/// What the dashboard shows that no component keeps: the latest events (for the live list and its replay after a
/// reconnect), each provider's recent latencies and failures, who answered, usage per hour and day, the cache's hit
/// ratio per minute and its evictions by reason. Fed by the bus (seeded from the journal, so a restart keeps them);
/// every collection is bounded, so memory stays flat however long the server runs.
/// </summary>
internal sealed class DashboardRecorder
{
    public const int EventCapacity = 1000;
    private const int LatencyWindow = 256;
    private const int RecentAnswers = 20;
    private const int HitRatioMinutes = 60;
    private static readonly TimeSpan HourRetention = TimeSpan.FromHours(48);
    private static readonly TimeSpan DayRetention = TimeSpan.FromDays(31);

    private readonly Lock _gate = new();
    private readonly Queue<AideEvent> _events = new();
    private readonly Dictionary<string, ProviderRecord> _providers = new(StringComparer.Ordinal);
    private readonly Queue<AnswerView> _answers = new();
    private readonly Dictionary<UsageKey, UsageCount> _hours = [];
    private readonly Dictionary<UsageKey, UsageCount> _days = [];
    private readonly Dictionary<CostKey, CostCount> _costs = [];
    private readonly SortedDictionary<DateTimeOffset, (long Hits, long Misses)> _hitsByMinute = [];
    private readonly long[] _evictions = new long[Enum.GetValues<EvictionReason>().Length];
    private readonly List<EventFeed> _feeds = [];

    public void Record(AideEvent evt)
    {
        lock (_gate)
        {
            _events.Enqueue(evt);
            if (_events.Count > EventCapacity)
            {
                _events.Dequeue();
            }

            Tally(evt);
            foreach (var feed in _feeds)
            {
                feed.Offer(evt);
            }
        }
    }

    /// <summary>Registers a live feed and returns the events it may have missed: those after <paramref name="lastEventId"/>, or none.</summary>
    public IReadOnlyList<AideEvent> Attach(EventFeed feed, Guid? lastEventId)
    {
        lock (_gate)
        {
            _feeds.Add(feed);
            if (lastEventId is not { } last)
            {
                return [];
            }

            // An id no longer (or never) kept: everything kept is sent; the page drops ids it already shows.
            var after = _events.SkipWhile(e => e.Id != last).Skip(1).ToList();
            return after.Count > 0 || _events.Any(e => e.Id == last) ? after : [.. _events];
        }
    }

    public void Detach(EventFeed feed)
    {
        lock (_gate)
        {
            _feeds.Remove(feed);
        }
    }

    /// <summary>The newest events first.</summary>
    public IReadOnlyList<AideEvent> RecentEvents()
    {
        lock (_gate)
        {
            return [.. _events.Reverse()];
        }
    }

    /// <summary>The newest ContextWindowChanged of a conversation, if one is kept.</summary>
    public ContextWindowChanged? LatestWindow(string conversationName)
    {
        lock (_gate)
        {
            return _events.OfType<ContextWindowChanged>().LastOrDefault(e => e.SessionId == conversationName);
        }
    }

    public (long Calls, long Failures, long FailoversFrom, double[] Latencies) Provider(string name)
    {
        lock (_gate)
        {
            return _providers.TryGetValue(name, out var p) ? (p.Calls, p.Failures, p.FailoversFrom, [.. p.Latencies]) : (0, 0, 0, []);
        }
    }

    public IReadOnlyList<string> ProviderNames()
    {
        lock (_gate)
        {
            return [.. _providers.Keys];
        }
    }

    public IReadOnlyList<AnswerView> Answers()
    {
        lock (_gate)
        {
            return [.. _answers.Reverse()];
        }
    }

    public UsagePanel Usage()
    {
        lock (_gate)
        {
            return new UsagePanel(Rows(_hours), Rows(_days), [.. _costs.OrderByDescending(c => c.Key.Day).ThenByDescending(c => c.Value.Cost)
                .Select(c => new CostRow(c.Key.Day, c.Key.Model, c.Key.Caller, c.Key.Currency, c.Value.Requests, Math.Round(c.Value.Cost, 9), Math.Round(c.Value.Saved, 9)))]);
        }

        static List<UsageRow> Rows(Dictionary<UsageKey, UsageCount> buckets) =>
            [.. buckets.OrderByDescending(b => b.Key.Start).ThenBy(b => b.Key.Provider, StringComparer.Ordinal)
                .Select(b => new UsageRow(b.Key.Start, b.Key.Provider, b.Key.Model, b.Key.Caller, b.Value.Requests, b.Value.InputTokens, b.Value.OutputTokens, b.Value.Cached))];
    }

    public (IReadOnlyList<HitRatioPoint> ByMinute, IReadOnlyDictionary<string, long> Evictions) Cache()
    {
        lock (_gate)
        {
            var evictions = Enum.GetValues<EvictionReason>().ToDictionary(r => r.ToString().ToLowerInvariant(), r => _evictions[(int)r], StringComparer.Ordinal);
            return ([.. _hitsByMinute.Select(m => new HitRatioPoint(m.Key, m.Value.Hits, m.Value.Misses))], evictions);
        }
    }

    private void Tally(AideEvent evt)
    {
        switch (evt)
        {
            case ChatResponseCompleted done:
                var provider = ProviderFor(done.Provider);
                provider.Calls++;
                provider.AddLatency(done.Latency.TotalMilliseconds);
                Answer(new AnswerView(done.Timestamp, done.Provider, done.Model, true, done.FromCache, Math.Round(done.Latency.TotalMilliseconds, 2), null, done.CorrelationId));
                CountUsage(done);
                break;
            case UsageRecorded usage:
                CountCost(usage);
                break;
            case ChatRequestFailed failed when failed.ErrorKind != "Cancelled":
                var failing = ProviderFor(failed.Provider);
                failing.Calls++;
                failing.Failures++;
                Answer(new AnswerView(failed.Timestamp, failed.Provider, failed.Model, false, false, Math.Round(failed.Elapsed.TotalMilliseconds, 2), failed.ErrorKind, failed.CorrelationId));
                break;
            case ProviderFailover failover:
                // The pipeline reports the failed call of a provider it moved on from only as this event; a refusal
                // by its open breaker is no call.
                var from = ProviderFor(failover.From);
                from.FailoversFrom++;
                if (!failover.Reason.StartsWith("CircuitOpen", StringComparison.Ordinal))
                {
                    from.Calls++;
                    from.Failures++;
                }

                break;
            case CacheHit hit:
                CountLookup(hit.Timestamp, hits: 1, misses: 0);
                break;
            case CacheMiss miss:
                CountLookup(miss.Timestamp, hits: 0, misses: 1);
                break;
            case CacheEviction eviction:
                _evictions[(int)eviction.Reason]++;
                break;
        }
    }

    private ProviderRecord ProviderFor(string name)
    {
        if (!_providers.TryGetValue(name, out var record))
        {
            _providers[name] = record = new ProviderRecord();
        }

        return record;
    }

    private void Answer(AnswerView answer)
    {
        _answers.Enqueue(answer);
        if (_answers.Count > RecentAnswers)
        {
            _answers.Dequeue();
        }
    }

    private void CountCost(UsageRecorded usage)
    {
        var at = usage.Timestamp.ToUniversalTime();
        var key = new CostKey(new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero), usage.Model, usage.CallerId, usage.Currency);
        var count = _costs.GetValueOrDefault(key);
        _costs[key] = new CostCount(count.Requests + 1, count.Cost + usage.Cost, count.Saved + usage.Saved);
        if (_costs.Count > 64 && _costs.Keys.Min(k => k.Day) < key.Day - DayRetention)
        {
            foreach (var old in _costs.Keys.Where(k => k.Day < key.Day - DayRetention).ToList())
            {
                _costs.Remove(old);
            }
        }
    }

    private void CountUsage(ChatResponseCompleted done)
    {
        var at = done.Timestamp.ToUniversalTime();
        var hour = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
        Add(_hours, new UsageKey(hour, done.Provider, done.Model, done.CallerId), done, HourRetention);
        Add(_days, new UsageKey(hour.AddHours(-hour.Hour), done.Provider, done.Model, done.CallerId), done, DayRetention);

        static void Add(Dictionary<UsageKey, UsageCount> buckets, UsageKey key, ChatResponseCompleted done, TimeSpan retention)
        {
            buckets[key] = buckets.GetValueOrDefault(key).Add(done);
            if (buckets.Count > 64 && buckets.Keys.Min(k => k.Start) < key.Start - retention)
            {
                foreach (var old in buckets.Keys.Where(k => k.Start < key.Start - retention).ToList())
                {
                    buckets.Remove(old);
                }
            }
        }
    }

    private void CountLookup(DateTimeOffset at, long hits, long misses)
    {
        var utc = at.ToUniversalTime();
        var minute = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        var (h, m) = _hitsByMinute.GetValueOrDefault(minute);
        _hitsByMinute[minute] = (h + hits, m + misses);
        while (_hitsByMinute.Count > HitRatioMinutes)
        {
            _hitsByMinute.Remove(_hitsByMinute.Keys.First());
        }
    }

    private sealed class ProviderRecord
    {
        private readonly double[] _latencies = new double[LatencyWindow];
        private int _next;
        private int _count;

        public long Calls { get; set; }

        public long Failures { get; set; }

        public long FailoversFrom { get; set; }

        public IEnumerable<double> Latencies => _latencies.Take(_count);

        public void AddLatency(double ms)
        {
            _latencies[_next] = ms;
            _next = (_next + 1) % LatencyWindow;
            _count = Math.Min(_count + 1, LatencyWindow);
        }
    }

    private readonly record struct CostKey(DateTimeOffset Day, string? Model, string? Caller, string? Currency);

    private readonly record struct CostCount(long Requests, double Cost, double Saved);

    private readonly record struct UsageKey(DateTimeOffset Start, string Provider, string? Model, string? Caller);

    private readonly record struct UsageCount(long Requests, long InputTokens, long OutputTokens, long Cached)
    {
        public UsageCount Add(ChatResponseCompleted done) =>
            new(Requests + 1, InputTokens + (done.InputTokens ?? 0), OutputTokens + (done.OutputTokens ?? 0), Cached + (done.FromCache ? 1 : 0));
    }
}
