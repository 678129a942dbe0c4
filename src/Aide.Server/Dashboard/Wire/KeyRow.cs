namespace Aide.Server.Dashboard.Wire;

internal sealed record KeyRow(string Name, int? RequestsPerMinute, int? TokensPerMinute, DateTimeOffset Created);
