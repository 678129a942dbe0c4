namespace Aide.Server.Dashboard.Wire;

/// <summary><c>GET /api/keys</c>: the access keys' names and limits (never a key or its hash), and who is asking.</summary>
internal sealed record KeysPanel(bool Enabled, string? Caller, IReadOnlyList<KeyRow> Keys);
