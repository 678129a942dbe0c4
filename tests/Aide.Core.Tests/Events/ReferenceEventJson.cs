using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Aide.Events;

namespace Aide.Core.Tests.Events;

/// <summary>
/// System.Text.Json's own contract for events (reflection, polymorphic on <c>type</c> over the catalog, camelCase,
/// enums by name, nulls left out): what the generated <see cref="AideEventJson"/> must write byte for byte and read back.
/// </summary>
internal static class ReferenceEventJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type == typeof(AideEvent))
                    {
                        info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
                        foreach (var type in EventCatalog.All)
                        {
                            info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, type.Name));
                        }
                    }
                },
            },
        },
    };

    public static string Serialize(AideEvent evt) => JsonSerializer.Serialize(evt, Options);

    public static AideEvent? Deserialize(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<AideEvent>(json, Options);
}
