namespace Aide.Server.Dashboard.Wire;

internal sealed record ConversationRow(string Name, string? Title, string? Model, int Messages, long Tokens, DateTimeOffset UpdatedAt, string? Match);
