namespace Aide.Tools.BuiltIn;

/// <summary>Where Aide's own tools work and what they may reach.</summary>
public sealed class BuiltInToolOptions
{
    /// <summary>Gets the directory tree <c>read_file</c> and <c>list_dir</c> are confined to, and where <c>shell</c> runs; the current directory by default.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Gets how long a <c>shell</c> command may run before it is stopped (30 s by default).</summary>
    public TimeSpan ShellTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the hosts <c>http_get</c> may reach besides loopback.</summary>
    public IReadOnlyCollection<string> HttpAllowedHosts { get; init; } = [];
}
