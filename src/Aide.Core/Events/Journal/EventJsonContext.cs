using System.Text.Json.Serialization;

namespace Aide.Events.Journal;

/// <summary>Source-generated JSON for events (polymorphic on <c>type</c>): no reflection, trim- and AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AideEvent))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
