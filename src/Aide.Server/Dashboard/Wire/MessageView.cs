namespace Aide.Server.Dashboard.Wire;

internal sealed record MessageView(int Sequence, string Role, string Kind, string Content, int Tokens, DateTimeOffset At);
