namespace Aide.Usage;

/// <summary>
/// One budget's spending in its current period: what the ledger held when the account opened, plus what this process
/// recorded since, added atomically. Requests are admitted while it is under the budget, so concurrent requests
/// overshoot it by at most what those already in flight cost. A record that reached the ledger just as the account
/// opened may be counted twice: the error is on the side of refusing early, never of spending more.
/// </summary>
internal sealed class BudgetAccount(UsageBudget budget, DateTimeOffset start, DateTimeOffset end, Func<Task<long>> seed)
{
    private long _added;
    private int _warned;

    public UsageBudget Budget { get; } = budget;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End { get; } = end;

    /// <summary>Gets the ledger's sum at opening, read once (the first request of the period waits for it).</summary>
    public Lazy<Task<long>> Seeded { get; } = new(seed, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets what the period spent: the ledger's sum at opening plus this process's records since.</summary>
    public long Spent => (Seeded.Value.IsCompletedSuccessfully ? Seeded.Value.Result : 0) + Volatile.Read(ref _added);

    public long Add(long nanos) => (Seeded.Value.IsCompletedSuccessfully ? Seeded.Value.Result : 0) + Interlocked.Add(ref _added, nanos);

    /// <summary>True the first time only: the warning is given once per period and process.</summary>
    public bool TakeWarning() => Interlocked.Exchange(ref _warned, 1) == 0;

    public BudgetStatus Status() => new(Budget, Spent, Start, End);
}
