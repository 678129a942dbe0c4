using System.Text.Json.Serialization;

namespace Aide.Server.OpenAI;

/// <summary>The wire format, source-generated (no reflection in the native build): snake_case, nulls left out unless a field says otherwise.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 32)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(ReadyReport))]
[JsonSerializable(typeof(Access.AccessKeyFile))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;
