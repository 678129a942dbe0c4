using System.Text.Json;

namespace Aide.Conversations.Export;

/// <summary>
/// Conversations and context items as the JSON Aide lists them in (camelCase, enums by name, nulls left out, indented,
/// text other than ASCII as itself): the contract of exports (<see cref="ConversationExporter"/>), for listings.
/// </summary>
public static class ConversationJson
{
    /// <summary>Writes conversations as a JSON array.</summary>
    /// <param name="conversations">The conversations.</param>
    /// <returns>The JSON.</returns>
    public static string Serialize(IEnumerable<ConversationInfo> conversations) =>
        JsonSerializer.Serialize([.. conversations], ConversationJsonContext.Readable.ConversationInfoArray);

    /// <summary>Writes context items as a JSON array.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The JSON.</returns>
    public static string Serialize(IEnumerable<ContextItem> items) =>
        JsonSerializer.Serialize([.. items], ConversationJsonContext.Readable.ContextItemArray);

    /// <summary>Writes an export document (indented, as exports are).</summary>
    /// <param name="document">The document.</param>
    /// <returns>The JSON in UTF-8.</returns>
    public static byte[] SerializeToUtf8Bytes(ConversationDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, ConversationJsonContext.Default.ConversationDocument);

    /// <summary>Reads an export document.</summary>
    /// <param name="json">The JSON in UTF-8.</param>
    /// <returns>The document.</returns>
    /// <exception cref="JsonException">The JSON is not an export document.</exception>
    public static ConversationDocument Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, ConversationJsonContext.Default.ConversationDocument) ?? throw new JsonException("The document is null.");
}
