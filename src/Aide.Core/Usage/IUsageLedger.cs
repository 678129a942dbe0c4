namespace Aide.Usage;

/// <summary>
/// Where usage records are kept and summed. The SQLite conversation store is one: records of saved turns go in with
/// their answer's transaction (<see cref="Conversations.MessageDraft.Usage"/>), the others through <see cref="RecordAsync"/>.
/// </summary>
public interface IUsageLedger
{
    /// <summary>Keeps records of turns that saved no answer (stateless gateway requests), in one transaction.</summary>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are durable.</returns>
    Task RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default);

    /// <summary>What one caller spent since a moment, in one currency.</summary>
    /// <param name="caller">The access key, or <see langword="null"/> for the owner's turns (no key).</param>
    /// <param name="currency">The currency.</param>
    /// <param name="since">The start (inclusive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sum in nano-units.</returns>
    Task<long> SpentNanosAsync(string? caller, string currency, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Sums the records of a span of time, in groups.</summary>
    /// <param name="query">The span, grouping and currency.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The groups, largest cost first, and the total.</returns>
    Task<UsageReport> ReportAsync(UsageQuery query, CancellationToken cancellationToken = default);
}
