using System.Globalization;
using Aide.Usage;

namespace Aide.Cli.Chat;

/// <summary>
/// The one status line after an answer (<c>aide chat</c>, <c>aide ask --usage</c>):
/// <c>1,204 in / 312 out tokens · context 18% · $0.0004 this turn · $0.0123 this session</c>.
/// </summary>
internal static class UsageLine
{
    public static string Format(UsageRecord record, SessionUsage? session)
    {
        ArgumentNullException.ThrowIfNull(record);
        var parts = new List<string>(4);
        var approx = record.Estimated ? "~" : string.Empty;
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{approx}{record.InputTokens:N0} in / {approx}{record.OutputTokens:N0} out tokens{(record.Estimated ? " (estimated)" : string.Empty)}"));
        if (record.ContextFill is { } fill)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"context {fill * 100:0}%"));
        }

        parts.Add(record switch
        {
            { FromCache: true, Priced: true } => $"from cache (saved {UsageMoney.Format(record.Saved, record.Currency!)})",
            { FromCache: true } => "from cache",
            { Priced: true } => $"{UsageMoney.Format(record.Cost, record.Currency!)} this turn",
            _ => $"unpriced ({record.Model ?? record.Provider ?? "unknown model"})",
        });
        if (session is { Currency: { } currency, Requests: > 1 })
        {
            parts.Add($"{UsageMoney.Format(UsageMoney.FromNanos(session.CostNanos), currency)} this session");
        }

        return string.Join(" · ", parts);
    }

    /// <summary>The session's totals, for <c>/usage</c>.</summary>
    public static IEnumerable<string> Totals(SessionUsage session, BudgetStatus? budget)
    {
        ArgumentNullException.ThrowIfNull(session);
        yield return string.Create(CultureInfo.InvariantCulture, $"This conversation: {session.Requests:N0} answers ({session.CachedRequests:N0} from cache), {session.InputTokens:N0} tokens in, {session.OutputTokens:N0} out.");
        if (session.Currency is { } currency)
        {
            var unpriced = session.UnpricedRequests > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {session.UnpricedRequests:N0} answers unpriced") : string.Empty;
            yield return $"Cost: {UsageMoney.Format(UsageMoney.FromNanos(session.CostNanos), currency)}; the cache saved {UsageMoney.Format(UsageMoney.FromNanos(session.SavedNanos), currency)}{unpriced}.";
        }
        else
        {
            yield return "Cost: unpriced (local or unknown models cost nothing here; config prices can set one).";
        }

        if (budget is not null)
        {
            yield return "Budget: " + budget.Describe() + ".";
        }
    }
}
