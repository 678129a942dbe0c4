using Aide.Conversations;
using Aide.Usage;

namespace Aide.Cli.Chat;

/// <summary>The history store as usage ledger, opened on its first use: <c>aide serve</c> opens no file until a request needs one.</summary>
internal sealed class DeferredLedger(Lazy<IConversationStore> store) : IUsageLedger
{
    private IUsageLedger Ledger => store.Value as IUsageLedger
        ?? throw new InvalidOperationException("The history store keeps no usage records.");

    public Task RecordAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default) => Ledger.RecordAsync(records, cancellationToken);

    public Task<long> SpentNanosAsync(string? caller, string currency, DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Ledger.SpentNanosAsync(caller, currency, since, cancellationToken);

    public Task<UsageReport> ReportAsync(UsageQuery query, CancellationToken cancellationToken = default) => Ledger.ReportAsync(query, cancellationToken);
}
