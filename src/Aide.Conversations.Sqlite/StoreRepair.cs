namespace Aide.Conversations.Store;

/// <summary>What <see cref="ConversationStoreDoctor.RepairAsync"/> did.</summary>
/// <param name="Path">The conversation database.</param>
/// <param name="RebuiltFrom">When the database was damaged and rebuilt: where the damaged file is kept.</param>
/// <param name="ConversationsRecovered">Conversations brought back from set-aside copies.</param>
/// <param name="MessagesRecovered">Their messages.</param>
/// <param name="Renamed">The kept copies dealt with, under their new names.</param>
/// <param name="Problems">What could not be read.</param>
public sealed record StoreRepair(string Path, string? RebuiltFrom, int ConversationsRecovered, int MessagesRecovered, IReadOnlyList<string> Renamed, IReadOnlyList<string> Problems);
