namespace Aide.Tools.Mcp;

/// <summary>An MCP server cannot be used: it is not configured, cannot start, or died.</summary>
public sealed class McpServerUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public McpServerUnavailableException()
        : this("an MCP server", "An MCP server cannot be used.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public McpServerUnavailableException(string message)
        : this("an MCP server", message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public McpServerUnavailableException(string message, Exception innerException)
        : this("an MCP server", message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="server">The server's name.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public McpServerUnavailableException(string server, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Server = server;
    }

    /// <summary>Gets the server's name.</summary>
    public string Server { get; }
}
