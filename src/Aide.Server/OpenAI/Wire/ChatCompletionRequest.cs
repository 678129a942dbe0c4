using System.Text.Json;

namespace Aide.Server.OpenAI;

/// <summary>The body of <c>POST /v1/chat/completions</c>: the fields Aide reads; the rest are ignored, as OpenAI-compatible servers do.</summary>
internal sealed class ChatCompletionRequest
{
    public string? Model { get; set; }

    public List<RequestMessage>? Messages { get; set; }

    public float? Temperature { get; set; }

    public float? TopP { get; set; }

    public int? MaxTokens { get; set; }

    public int? MaxCompletionTokens { get; set; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Stop { get; set; }

    public long? Seed { get; set; }

    public int? N { get; set; }

    public bool Stream { get; set; }

    public StreamOptions? StreamOptions { get; set; }

    /// <summary>Gets or sets the tools the client offers (it runs them itself).</summary>
    public List<RequestTool>? Tools { get; set; }

    /// <summary>Gets or sets <c>auto</c>, <c>none</c>, <c>required</c> or <c>{"type":"function","function":{"name"}}</c>.</summary>
    public JsonElement? ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }
}
