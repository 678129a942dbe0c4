namespace Aide.Conversations.Store;

/// <summary>A damaged copy kept beside the conversation database (<see cref="StoreDamage"/>).</summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">A set-aside database or a kept write-ahead log.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Readable">For a database: what can be read of it (what a repair brings back).</param>
/// <param name="Detail">What could not be read, or what the log holds.</param>
public sealed record KeptCopy(string Path, KeptCopyKind Kind, long Bytes, StoreContents? Readable, string? Detail);
