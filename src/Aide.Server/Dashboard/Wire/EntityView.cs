namespace Aide.Server.Dashboard.Wire;

internal sealed record EntityView(string Kind, string Value, int Mentions);
