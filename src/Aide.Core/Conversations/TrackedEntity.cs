namespace Aide.Conversations;

/// <summary>Something a conversation talks about: a URL, a file, a date, a person…, deduplicated.</summary>
/// <param name="Id">A stable id derived from kind and normalised text.</param>
/// <param name="Kind">The kind (see <see cref="EntityKinds"/>).</param>
/// <param name="Text">The normalised text.</param>
/// <param name="Mentions">How many times messages mention it.</param>
/// <param name="FirstSeen">When it was first mentioned.</param>
/// <param name="LastSeen">When it was last mentioned.</param>
public sealed record TrackedEntity(string Id, string Kind, string Text, int Mentions, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);
