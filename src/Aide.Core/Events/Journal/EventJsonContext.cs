using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aide.Events.Journal;

/// <summary>Source-generated JSON for events (polymorphic on <c>type</c>): no reflection, trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AideEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext
{
    private static EventJsonContext? _readable;

    /// <summary>The same contract, with text other than ASCII written as itself instead of \u escapes (<c>aide events --json</c>). Built on first use.</summary>
    public static EventJsonContext Readable => _readable ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
