using System.Text.Json.Serialization;

namespace Aide.Conversations.Export;

/// <summary>Source-generated JSON for exports and message metadata: no reflection, trimming- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ConversationDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(ConversationInfo[]))]
[JsonSerializable(typeof(ContextItem[]))]
[JsonSerializable(typeof(TrackedEntity[]))]
internal sealed partial class ConversationJsonContext : JsonSerializerContext;
