using System.Text.Json.Serialization;

namespace Aide.Providers.Ollama;

/// <summary>
/// Handed to OllamaSharp so that it serializes through source-generated code instead of reflection, which the
/// native-AOT aide does not allow. OllamaSharp then uses this context alone, so it names every type of the chat call:
/// the request, the streamed chunks and the closing chunk.
/// </summary>
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatRequest))]
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatResponseStream))]
[JsonSerializable(typeof(OllamaSharp.Models.Chat.ChatDoneResponseStream))]
internal sealed partial class OllamaJsonContext : JsonSerializerContext;
