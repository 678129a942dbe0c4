namespace Aide.Conversations.Store;

/// <summary>What <see cref="ConversationStoreDoctor.CheckAsync"/> found.</summary>
/// <param name="Path">The conversation database.</param>
/// <param name="Exists">Whether it exists.</param>
/// <param name="Problem">What is wrong with it, or <see langword="null"/> when it is sound.</param>
/// <param name="Readable">When it is damaged: what a repair would bring back.</param>
/// <param name="Kept">The damaged copies kept beside it, not dealt with yet.</param>
public sealed record StoreCheck(string Path, bool Exists, string? Problem, StoreContents? Readable, IReadOnlyList<KeptCopy> Kept)
{
    /// <summary>Gets a value indicating whether nothing needs the user: the database is sound and no damaged copy waits.</summary>
    public bool IsHealthy => Problem is null && Kept.Count == 0;
}
