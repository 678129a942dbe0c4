namespace Aide.Server.Dashboard.Wire;

internal sealed record PinnedView(string Kind, string Content, bool Pinned);
