namespace Aide.Server.Access;

/// <summary>A stored access key: its name, limits and a salted hash — never the key itself.</summary>
/// <param name="Name">The key's name (what <c>aide keys revoke</c> takes).</param>
/// <param name="Salt">Random salt, base64.</param>
/// <param name="Hash">SHA-256 of salt and key, base64.</param>
/// <param name="RequestsPerMinute">Requests allowed per minute, or <see langword="null"/> for no limit.</param>
/// <param name="Created">When it was created.</param>
public sealed record AccessKey(string Name, string Salt, string Hash, int? RequestsPerMinute, DateTimeOffset Created)
{
    /// <summary>Gets the tokens (prompt and answer) allowed per minute, or <see langword="null"/> for no limit.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Gets what requests with this key may spend per period (<see cref="Usage.UsageBudget.Parse"/>'s text, e.g. <c>20/month USD</c>), or <see langword="null"/>.</summary>
    public string? Budget { get; init; }
}
