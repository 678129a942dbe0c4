using System.Text.Json.Nodes;

namespace Aide.Cli.Tests.Support;

/// <summary>A request the loopback server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string? Authorization, string Body)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);

    /// <summary>Gets the text of the last message sent, the one the user just typed.</summary>
    public string LastMessageContent => Json?["messages"]?.AsArray().Last()?["content"]?.ToString() ?? string.Empty;
}
