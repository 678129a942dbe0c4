using System.Text.Json;

namespace Aide.Caching;

/// <summary>Properties left out when null, as the source-generated contracts do, for the cache's hand-written JSON.</summary>
internal static class JsonWriterExtensions
{
    public static void WriteIfSet(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void WriteIfSet(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
