namespace Aide.Conversations.Store;

/// <summary>How much of a conversation database could be read.</summary>
/// <param name="Conversations">Conversations.</param>
/// <param name="Messages">Messages.</param>
/// <param name="Items">Context items.</param>
public sealed record StoreContents(int Conversations, int Messages, int Items);
