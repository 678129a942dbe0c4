using System.Text.Json.Serialization;

namespace Aide.Providers.OpenAI.Wire;

/// <summary>Source-generated (de)serialization of the wire types: no reflection in the native build.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CompletionWire))]
internal sealed partial class OpenAIWireJsonContext : JsonSerializerContext;
