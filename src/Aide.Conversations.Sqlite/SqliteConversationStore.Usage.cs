using Aide.Usage;
using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>The usage ledger: an answer's record goes in with the answer; reports and budgets sum the table in SQL.</summary>
public sealed partial class SqliteConversationStore : IUsageLedger
{
    private const string NoSession = "(no session)";
    private const string NoKey = "(no key)";

    /// <inheritdoc />
    public Task RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Count == 0 ? Task.CompletedTask : WriteAsync(
            transaction =>
            {
                foreach (var record in records)
                {
                    InsertUsage(record, null, transaction);
                }

                return 0;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> SpentNanosAsync(string? caller, string currency, DateTimeOffset since, CancellationToken cancellationToken = default) => ReadAsync(
        _ => Query(
            "SELECT coalesce(sum(cost_nanos), 0) FROM usage WHERE at >= $since AND currency = $cur AND caller IS $caller",
            null,
            r => r.GetInt64(0),
            ("$since", since.ToUnixTimeMilliseconds()),
            ("$cur", currency),
            ("$caller", caller))[0],
        cancellationToken);

    /// <inheritdoc />
    public Task<UsageReport> ReportAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var groupBy = query.By switch
        {
            UsageGrouping.Day => "date((at + $offset) / 1000, 'unixepoch')",
            UsageGrouping.Provider => "provider",
            UsageGrouping.Session => "conversation_id",
            UsageGrouping.Key => "caller",
            _ => "model",
        };

        // Grouped first, named after: a conversation's name is looked up once per group, not once per record.
        var sql = $"""
            SELECT g.name, {(query.By == UsageGrouping.Session ? "c.name" : "NULL")}, g.requests, g.cached, g.estimated, g.unpriced, g.input, g.cached_input, g.output, g.cost, g.saved
            FROM (SELECT {groupBy} AS name, count(*) AS requests, sum(from_cache) AS cached, sum(estimated) AS estimated,
                    sum(currency IS NOT $cur) AS unpriced, sum(input_tokens) AS input, sum(cached_input_tokens) AS cached_input,
                    sum(output_tokens) AS output, sum(CASE WHEN currency = $cur THEN cost_nanos ELSE 0 END) AS cost,
                    sum(CASE WHEN currency = $cur THEN saved_nanos ELSE 0 END) AS saved
                  FROM usage WHERE at >= $since AND at < $until AND ($conv IS NULL OR conversation_id = $conv) GROUP BY 1) g
            {(query.By == UsageGrouping.Session ? "LEFT JOIN conversations c ON c.id = g.name" : string.Empty)}
            """;
        return ReadAsync(
            _ =>
            {
                var groups = Query(
                    sql,
                    null,
                    r => new UsageTotals(GroupName(query.By, r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)))
                    {
                        Requests = r.GetInt64(2),
                        CachedRequests = r.GetInt64(3),
                        EstimatedRequests = r.GetInt64(4),
                        UnpricedRequests = r.GetInt64(5),
                        InputTokens = r.GetInt64(6),
                        CachedInputTokens = r.GetInt64(7),
                        OutputTokens = r.GetInt64(8),
                        CostNanos = r.GetInt64(9),
                        SavedNanos = r.GetInt64(10),
                    },
                    ("$cur", query.Currency),
                    ("$offset", (long)query.UtcOffset.TotalMilliseconds),
                    ("$since", query.Since?.ToUnixTimeMilliseconds() ?? long.MinValue),
                    ("$until", query.Until?.ToUnixTimeMilliseconds() ?? long.MaxValue),
                    ("$conv", query.ConversationId));
                var ordered = query.By == UsageGrouping.Day
                    ? groups.OrderBy(g => g.Name, StringComparer.Ordinal).ToList()
                    : groups.OrderByDescending(g => g.CostNanos).ThenByDescending(g => g.TotalTokens).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
                return new UsageReport(query, ordered, Sum(ordered));
            },
            cancellationToken);
    }

    private static string GroupName(UsageGrouping by, string? value, string? conversationName) => by switch
    {
        UsageGrouping.Session => value is null ? NoSession : conversationName ?? $"(deleted {value[..Math.Min(8, value.Length)]})",
        UsageGrouping.Key => value ?? NoKey,
        _ => value ?? "(unknown)",
    };

    private static UsageTotals Sum(IReadOnlyList<UsageTotals> groups) => new("total")
    {
        Requests = groups.Sum(g => g.Requests),
        CachedRequests = groups.Sum(g => g.CachedRequests),
        EstimatedRequests = groups.Sum(g => g.EstimatedRequests),
        UnpricedRequests = groups.Sum(g => g.UnpricedRequests),
        InputTokens = groups.Sum(g => g.InputTokens),
        CachedInputTokens = groups.Sum(g => g.CachedInputTokens),
        OutputTokens = groups.Sum(g => g.OutputTokens),
        CostNanos = groups.Sum(g => g.CostNanos),
        SavedNanos = groups.Sum(g => g.SavedNanos),
    };

    private void InsertUsage(UsageRecord usage, string? conversationId, SqliteTransaction transaction) => Execute(
        """
        INSERT INTO usage(at, conversation_id, provider, model, caller, input_tokens, cached_input_tokens, output_tokens, estimated, from_cache, cost_nanos, saved_nanos, currency, context_tokens, context_window)
        VALUES($at, $c, $p, $m, $k, $in, $cin, $out, $est, $cache, $cost, $saved, $cur, $ct, $cw)
        """,
        transaction,
        ("$at", usage.At.ToUnixTimeMilliseconds()),
        ("$c", conversationId),
        ("$p", usage.Provider),
        ("$m", usage.Model),
        ("$k", usage.Caller),
        ("$in", usage.InputTokens),
        ("$cin", usage.CachedInputTokens),
        ("$out", usage.OutputTokens),
        ("$est", usage.Estimated ? 1 : 0),
        ("$cache", usage.FromCache ? 1 : 0),
        ("$cost", usage.CostNanos),
        ("$saved", usage.SavedNanos),
        ("$cur", usage.Currency),
        ("$ct", usage.ContextTokens),
        ("$cw", usage.ContextWindow));
}
