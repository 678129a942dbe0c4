using System.Text.Json;

namespace Aide.Server.OpenAI;

/// <summary>The function a client's tool declares; the client runs it.</summary>
internal sealed class RequestFunction
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement? Parameters { get; set; }
}
