using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aide.Tools;

/// <summary>A tool call's arguments between their JSON text (on the wire, in history) and M.E.AI's dictionary.</summary>
public static class ToolArguments
{
    /// <summary>The arguments as a JSON object; values that came as JSON are written as they were.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in arguments ?? [])
            {
                json.WritePropertyName(name);
                WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a JSON object of arguments (each value kept as a <see cref="JsonElement"/>); an empty text is no arguments.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The arguments, or <see langword="null"/> when the text is not a JSON object.</returns>
    public static Dictionary<string, object?>? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case JsonElement element: element.WriteTo(json); break;
            case string text: json.WriteStringValue(text); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case int number: json.WriteNumberValue(number); break;
            case long number: json.WriteNumberValue(number); break;
            case double number: json.WriteNumberValue(number); break;
            case decimal number: json.WriteNumberValue(number); break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
