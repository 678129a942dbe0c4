using System.Text.Json;

namespace Aide.Server.OpenAI;

/// <summary>The body of <c>POST /v1/embeddings</c>, as OpenAI defines it.</summary>
internal sealed class EmbeddingRequest
{
    public string? Model { get; set; }

    /// <summary>A string or an array of strings (token arrays are refused: Aide's providers take text).</summary>
    public JsonElement Input { get; set; }

    /// <summary><c>float</c> (default) or <c>base64</c> (little-endian float32 bytes; the Python SDK asks for it).</summary>
    public string? EncodingFormat { get; set; }

    public int? Dimensions { get; set; }

    public string? User { get; set; }
}
