using System.Text.Json.Serialization;

namespace Aide.Providers.Ollama;

/// <summary>
/// Handed to OllamaSharp so that it serializes through source-generated code instead of reflection, which the
/// native-AOT aide does not allow. OllamaSharp then uses this context alone, so it names every type of the chat call:
/// the request, the streamed chunks and the closing chunk, and the embedding request and response.
/// </summary>
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatRequest))]
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatResponseStream))]
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatDoneResponseStream))]
[JsonSerializable(typeof(OllamaSharp.Models.EmbedRequest))]
[JsonSerializable(typeof(OllamaSharp.Models.EmbedResponse))]
internal sealed partial class OllamaJsonContext : JsonSerializerContext;
