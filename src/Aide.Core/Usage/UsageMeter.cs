using System.Collections.Concurrent;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Aide.Usage;

/// <summary>
/// Prices each answer of a <see cref="Turns.ChatTurnRunner"/> (<see cref="Turns.ChatTurnRunner.Meter"/>), publishes
/// <see cref="UsageRecorded"/>, keeps the record (with the saved answer, else in the ledger in batches) and holds each
/// caller to its budget: a warning at 80 %, <see cref="BudgetExceededException"/> before a turn once it is spent.
/// </summary>
/// <remarks>Thread-safe; one meter serves every turn of a process. Dispose it to write the last batch.</remarks>
public sealed class UsageMeter : IAsyncDisposable
{
    private const string Source = "usage";
    private readonly IEventBus? _bus;
    private readonly TimeProvider _time;
    private readonly UsageBatch? _batch;
    private readonly ConcurrentDictionary<string, BudgetAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>Creates a meter.</summary>
    /// <param name="prices">The prices; <see cref="PriceTable.Default"/> when <see langword="null"/>.</param>
    /// <param name="ledger">Where records of turns without a saved answer go, and budgets read their period's spending; none keeps nothing.</param>
    /// <param name="bus">Where <see cref="UsageRecorded"/> and the budget events go.</param>
    /// <param name="timeProvider">The clock (records' times, budget periods, the batch's delay).</param>
    /// <param name="logger">Where a failed ledger write is reported.</param>
    public UsageMeter(PriceTable? prices = null, IUsageLedger? ledger = null, IEventBus? bus = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        Prices = prices ?? PriceTable.Default;
        Ledger = ledger;
        _bus = bus;
        _time = timeProvider ?? TimeProvider.System;
        _batch = ledger is null ? null : new UsageBatch(ledger, _time, logger);
    }

    /// <summary>Gets the prices.</summary>
    public PriceTable Prices { get; }

    /// <summary>Gets the ledger, if any.</summary>
    public IUsageLedger? Ledger { get; }

    /// <summary>
    /// Gets the budget of a caller: the access key's name (from <see cref="ChatTurnScope.CallerId"/>), or
    /// <see langword="null"/> for the owner's own turns; <see langword="null"/> means no budget.
    /// </summary>
    public Func<string?, UsageBudget?>? Budgets { get; init; }

    /// <summary>
    /// Gets the token counter for a model, used to estimate an answer the provider reported no usage for (default:
    /// <see cref="TokenCounters.ForModel(string?)"/>). A host that remembers counts gives its remembering counter here,
    /// so a repeated (cached) answer is not counted again: loading a tokenizer for that cost a cached <c>aide ask</c> ~0.1 s.
    /// </summary>
    public Func<string?, ITokenCounter?>? TokenCounterFor { get; init; }

    /// <summary>Refuses a turn whose caller's budget is spent; gives the 80 % warning once per period.</summary>
    /// <param name="caller">The access key, or <see langword="null"/> for the owner.</param>
    /// <param name="cancellationToken">Cancels the first read of the period's spending.</param>
    /// <returns>The budget's status, or <see langword="null"/> without a budget.</returns>
    /// <exception cref="BudgetExceededException">The budget is spent.</exception>
    public async ValueTask<BudgetStatus?> CheckBudgetAsync(string? caller, CancellationToken cancellationToken)
    {
        if (AccountOf(caller) is not { } account)
        {
            return null;
        }

        await account.Seeded.Value.WaitAsync(cancellationToken);
        var status = account.Status();
        if (status.Exhausted)
        {
            _bus?.Publish(new BudgetExceeded(account.Budget.ToString(), (double)status.Spent, account.End) { Timestamp = _time.GetUtcNow(), Source = Source, CallerId = caller, Severity = EventSeverity.Error });
            throw new BudgetExceededException(account.Budget, status.SpentNanos, account.End, caller);
        }

        Warn(caller, account, status);
        return status;
    }

    /// <summary>Where a caller's budget stands now (after the turns this process recorded).</summary>
    /// <param name="caller">The access key, or <see langword="null"/> for the owner.</param>
    /// <returns>The status, or <see langword="null"/> without a budget.</returns>
    public async ValueTask<BudgetStatus?> BudgetStatusAsync(string? caller)
    {
        if (AccountOf(caller) is not { } account)
        {
            return null;
        }

        await account.Seeded.Value;
        return account.Status();
    }

    /// <summary>Writes the records not yet in the ledger.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when they are written.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _batch?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await FlushAsync();
        _batch?.Dispose();
    }

    /// <summary>
    /// The record of one answer: the provider's counts (or Aide's estimate, marked, when it reported none), priced on
    /// its day; a cached answer costs nothing and its price is counted as saved.
    /// </summary>
    internal UsageRecord Measure(string? providerKind, string? model, UsageDetails? usage, bool fromCache, ContextWindow? window, IEnumerable<ChatMessage> sent, string answer, string? caller)
    {
        var at = _time.GetUtcNow();
        var estimated = usage?.InputTokenCount is null || usage.OutputTokenCount is null;
        long input, output;
        if (estimated)
        {
            var counter = TokenCounterFor?.Invoke(model) ?? TokenCounters.ForModel(model);
            input = usage?.InputTokenCount ?? window?.TokensUsed ?? sent.Sum(m => (long)counter.CountTokens(m.Text));
            output = usage?.OutputTokenCount ?? counter.CountTokens(answer);
        }
        else
        {
            input = usage!.InputTokenCount!.Value;
            output = usage.OutputTokenCount!.Value;
        }

        var cachedInput = usage?.CachedInputTokenCount ?? 0;
        var price = Prices.Find(providerKind, model, at);
        var nanos = price?.CostNanos(input, cachedInput, output) ?? 0;
        return new UsageRecord
        {
            At = at,
            Provider = providerKind,
            Model = model,
            Caller = caller,
            InputTokens = input,
            CachedInputTokens = cachedInput,
            OutputTokens = output,
            Estimated = estimated,
            FromCache = fromCache,
            CostNanos = fromCache ? 0 : nanos,
            SavedNanos = fromCache ? nanos : 0,
            Currency = price?.Currency,
            ContextTokens = window?.TokensUsed,
            ContextWindow = window?.Budget,
        };
    }

    /// <summary>Publishes the record, counts it against its caller's budget, and queues it for the ledger unless the turn saved it.</summary>
    internal void Recorded(UsageRecord record, bool saved)
    {
        _bus?.Publish(new UsageRecorded(
            record.Provider, record.Model, record.InputTokens, record.CachedInputTokens, record.OutputTokens, record.Estimated, record.FromCache,
            (double)record.Cost, (double)record.Saved, record.Currency, record.ContextFill) { Timestamp = record.At, Source = Source });
        if (!saved)
        {
            _batch?.Add(record);
        }

        if (record.CostNanos > 0 && AccountOf(record.Caller) is { } account && record.Currency == account.Budget.Currency && record.At < account.End)
        {
            account.Add(record.CostNanos);
            Warn(record.Caller, account, account.Status());
        }
    }

    private void Warn(string? caller, BudgetAccount account, BudgetStatus status)
    {
        if (status.Warning && account.TakeWarning())
        {
            _bus?.Publish(new BudgetWarning(account.Budget.ToString(), (double)status.Spent, status.Fraction, account.End) { Timestamp = _time.GetUtcNow(), Source = Source, CallerId = caller, Severity = EventSeverity.Warning });
        }
    }

    /// <summary>The caller's account in the current period: opened (its spending read from the ledger) on first use, and again when the period rolls over or the budget changes.</summary>
    private BudgetAccount? AccountOf(string? caller)
    {
        if (Budgets?.Invoke(caller) is not { } budget)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var key = caller ?? string.Empty;
        if (_accounts.TryGetValue(key, out var account) && account.Budget == budget && now < account.End && now >= account.Start)
        {
            return account;
        }

        var (start, end) = budget.PeriodOf(now);
        var ledger = Ledger;
        var fresh = new BudgetAccount(budget, start, end, () => ledger is null ? Task.FromResult(0L) : ledger.SpentNanosAsync(caller, budget.Currency, start));
        return _accounts.AddOrUpdate(key, fresh, (_, old) => old.Budget == budget && old.Start == start ? old : fresh);
    }
}
