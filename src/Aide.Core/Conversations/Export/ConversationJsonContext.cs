using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aide.Conversations.Export;

/// <summary>Source-generated JSON for Aide's conversation types (exports, listings, message metadata): no reflection, trimming- and AOT-safe.</summary>
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
internal sealed partial class ConversationJsonContext : JsonSerializerContext
{
    private static ConversationJsonContext? _readable;

    /// <summary>
    /// The same contract, with text other than ASCII written as itself ("café", "日本語") instead of \u escapes: for
    /// exports and output that people read. The relaxed encoder only matters inside HTML, where none of this goes.
    /// Built on first use, off the start-up path of commands that never print JSON.
    /// </summary>
    public static ConversationJsonContext Readable => _readable ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
