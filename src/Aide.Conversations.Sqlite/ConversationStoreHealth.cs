using Aide.Health;
using Aide.Storage;

namespace Aide.Conversations.Store;

/// <summary>The conversation store's health check, for a <see cref="HealthMonitor"/>.</summary>
public static class ConversationStoreHealth
{
    /// <summary>
    /// The store's file checked for damage (<c>store conversations</c>): damaged copies set aside beside it and not yet
    /// recovered count as damage too, since their conversations are out of use; repaired by reindexing.
    /// </summary>
    /// <param name="path">The store's file (<see cref="SqliteConversationStore.DefaultPath"/>).</param>
    /// <returns>The entry.</returns>
    public static HealthCheckEntry Entry(string path) => StoreIntegrityCheck.Entry("store conversations", path, StoreDamage.FindKept);
}
