using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aide.Events;

/// <summary>
/// Aide's events as JSON, one object each: <c>{"type":"CacheHit","cache":…,"id":…,"timestamp":…}</c>, the type's own
/// properties first, camelCase, enums by name, durations as TimeSpan's <c>c</c> format, nulls left out. It is the event
/// journal's line format and what <c>aide events --json</c> prints. The per-type code is generated from each event's
/// declaration (Aide.Generators), so there is no reflection, nothing to keep in step by hand, and no per-type
/// start-up cost: System.Text.Json's contracts cost ~150 µs a type on first use under Native AOT.
/// </summary>
public static partial class AideEventJson
{
    /// <summary>Gets the writer options the journal uses: text other than ASCII written as itself, not as <c>\u</c> escapes.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one event as a JSON object.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="evt">The event.</param>
    /// <returns><see langword="false"/> (nothing written) for an event type Aide does not define.</returns>
    public static bool TryWrite(Utf8JsonWriter writer, AideEvent evt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(evt);
        return TryWriteKnown(writer, evt);
    }

    /// <summary>Writes one event as a JSON object in UTF-8, as the journal does (<see cref="WriterOptions"/>).</summary>
    /// <param name="evt">The event.</param>
    /// <returns>The JSON.</returns>
    /// <exception cref="NotSupportedException">The event's type is not one Aide defines.</exception>
    public static byte[] SerializeToUtf8Bytes(AideEvent evt)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (!TryWrite(writer, evt))
            {
                throw new NotSupportedException($"{evt.GetType().Name} is not an event type Aide defines; it has no JSON form.");
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads one event written by <see cref="TryWrite"/>; properties it does not know are skipped.</summary>
    /// <param name="json">One JSON object.</param>
    /// <param name="evt">The event, when the object is one.</param>
    /// <returns><see langword="false"/> for malformed JSON, an unknown <c>type</c>, a value of the wrong kind or a missing required property.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out AideEvent? evt)
    {
        evt = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || FindType(reader) is not { } type)
            {
                return false;
            }

            evt = ReadKnown(type, ref reader);
            return evt is not null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Finds the <c>type</c> discriminator wherever it is, on a copy of the reader (the object is then read from its start).</summary>
    private static string? FindType(Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Read();
            reader.Skip();
        }

        return null;
    }

    private static partial bool TryWriteKnown(Utf8JsonWriter writer, AideEvent evt);

    private static partial AideEvent? ReadKnown(string type, ref Utf8JsonReader reader);

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>By name, as System.Text.Json's string enum converter writes it; a value with no name as its number, as that converter does.</summary>
    private static void WriteEnum(Utf8JsonWriter writer, string name, string? text, long number)
    {
        if (text is not null)
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WriteNumber(name, number);
        }
    }

    /// <summary>The constant ("c") format, as System.Text.Json writes a <see cref="TimeSpan"/>.</summary>
    private static void WriteDuration(Utf8JsonWriter writer, string name, TimeSpan value)
    {
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var length, "c", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    private static TimeSpan ReadDuration(ref Utf8JsonReader reader) =>
        TimeSpan.ParseExact(reader.GetString() ?? throw new JsonException("A duration is null."), "c", CultureInfo.InvariantCulture);

    private static List<string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A list of strings is expected.");
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.GetString() ?? throw new JsonException("A list of strings holds a null."));
        }

        return values;
    }
}
