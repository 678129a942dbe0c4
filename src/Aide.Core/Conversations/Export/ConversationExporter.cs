using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aide.Conversations.Entities;
using Aide.Conversations.Tokens;

namespace Aide.Conversations.Export;

/// <summary>
/// Writes a conversation as an indented JSON document people and other tools can read, and imports one back whole or
/// not at all: the file is size-checked before it is read, parsed completely and validated (an error names the line
/// and column, or the message at fault) before anything is written; token counts and entities are recomputed rather
/// than trusted.
/// </summary>
public static class ConversationExporter
{
    /// <summary>
    /// The export's type info for reading: as written, except that a nullable constructor parameter may be absent
    /// (an export omits nulls, as a file from another tool may), while every non-nullable one stays required.
    /// </summary>
    private static readonly JsonTypeInfo<ConversationDocument> ImportTypeInfo = (JsonTypeInfo<ConversationDocument>)new JsonSerializerOptions(ConversationJsonContext.Default.Options)
    {
        TypeInfoResolver = ConversationJsonContext.Default.WithAddedModifier(static type =>
        {
            foreach (var property in type.Properties)
            {
                if (property.AssociatedParameter is { IsNullable: true })
                {
                    property.IsRequired = false;
                }
            }
        }),
    }.GetTypeInfo(typeof(ConversationDocument));

    /// <summary>The largest file <see cref="ReadAsync"/> accepts: 64 MiB.</summary>
    public const long MaxImportBytes = 64L * 1024 * 1024;

    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "user", "assistant", "tool" };

    /// <summary>Reads a whole conversation from a store into a document.</summary>
    /// <param name="store">The store.</param>
    /// <param name="conversation">The conversation.</param>
    /// <param name="now">The export time.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document.</returns>
    public static async Task<ConversationDocument> CreateAsync(IConversationStore store, ConversationInfo conversation, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(conversation);
        var messages = await store.GetMessagesAsync(conversation.Id, cancellationToken);
        var items = (await store.GetItemsAsync(conversation.Id, cancellationToken)).Where(i => i.ConversationId is not null).ToList();
        return new ConversationDocument(ConversationDocument.FormatName, ConversationDocument.CurrentVersion, now, conversation, messages, items);
    }

    /// <summary>Writes <paramref name="document"/> as indented JSON.</summary>
    /// <param name="document">The document.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is written.</returns>
    public static Task WriteJsonAsync(ConversationDocument document, Stream output, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(output, document, ConversationJsonContext.Readable.ConversationDocument, cancellationToken);

    /// <summary>Reads and validates an export file.</summary>
    /// <param name="path">The file: JSON, or a MessagePack snapshot (recognised by its first byte).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The validated document.</returns>
    /// <exception cref="ConversationStoreException">The file is missing, too large, malformed or inconsistent (<see cref="ConversationStoreError.InvalidImport"/>).</exception>
    public static async Task<ConversationDocument> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (Storage.InputFile.KindOf(path) == Storage.InputFile.Kind.Regular && new FileInfo(path).Length is var length && length > MaxImportBytes)
        {
            throw Invalid($"{path} is {length:N0} bytes; imports are limited to {MaxImportBytes:N0} bytes (64 MiB). Split the conversation or trim it first.");
        }

        byte[] bytes;
        try
        {
            // A regular file, read no further than the limit: never a device, a pipe or a folder.
            bytes = await Task.Run(() => Storage.InputFile.ReadAllBytes(path, MaxImportBytes, "an import"), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(Directory.Exists(path) ? $"{path} is a folder; name an export file (aide history export NAME -o FILE writes one)." : ex.Message, ex);
        }

        ConversationDocument? document;
        if (bytes.Length > 0 && ConversationSnapshot.LooksLikeSnapshot(bytes))
        {
            document = ConversationSnapshot.Deserialize(bytes, path);
        }
        else
        {
            try
            {
                document = JsonSerializer.Deserialize(bytes, ImportTypeInfo);
            }
            catch (JsonException ex)
            {
                var where = ex.LineNumber is { } line ? $" at line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
                throw Invalid($"{path} is not a valid Aide export{where}: {FirstSentence(ex.Message)}", ex);
            }
        }

        return Validate(document ?? throw Invalid($"{path} is empty (the JSON value is null)."), path);
    }

    /// <summary>Recomputes what an import must not trust: token counts and the entities of each message.</summary>
    /// <param name="document">A validated document.</param>
    /// <param name="counter">The token counter.</param>
    /// <param name="extractor">The entity extractor.</param>
    /// <returns>The document with fresh token counts, and each message's entities.</returns>
    public static (ConversationDocument Document, IReadOnlyList<IReadOnlyList<DetectedEntity>> Entities) Prepare(ConversationDocument document, ITokenCounter counter, EntityExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(extractor);
        var messages = document.Messages.Select(m => m with { TokenCount = counter.CountTokens(m.Content) }).ToList();
        var items = document.Items.Select(i => i with { TokenCount = counter.CountTokens(i.Content) }).ToList();
        var entities = messages.Select(m => m.Kind == MessageKind.Message ? extractor.Extract(m.Content) : (IReadOnlyList<DetectedEntity>)[]).ToList();
        return (document with { Messages = messages, Items = items }, entities);
    }

    private static ConversationDocument Validate(ConversationDocument document, string path)
    {
        if (document.Format != ConversationDocument.FormatName)
        {
            throw Invalid($"{path} is not an Aide conversation export (format is '{document.Format}', expected '{ConversationDocument.FormatName}').");
        }

        if (document.Version < 1 || document.Version > ConversationDocument.CurrentVersion)
        {
            throw Invalid($"{path} has export version {document.Version}; this Aide reads versions 1 to {ConversationDocument.CurrentVersion}.");
        }

        if (document.Conversation is null || document.Messages is null || document.Items is null)
        {
            throw Invalid($"{path} lacks its conversation, messages or items.");
        }

        var previous = 0;
        for (var i = 0; i < document.Messages.Count; i++)
        {
            var message = document.Messages[i];
            var where = $"{path}: message {i + 1} (#{message?.Sequence})";
            if (message is null || message.Content is null || message.Role is null)
            {
                throw Invalid($"{path}: message {i + 1} lacks its role or content.");
            }

            if (!Roles.Contains(message.Role))
            {
                throw Invalid($"{where} has role '{message.Role}'; expected system, user, assistant or tool.");
            }

            if (message.Sequence <= previous)
            {
                throw Invalid($"{where}: sequences must increase (previous was #{previous}).");
            }

            if (message.ReplyTo is { } question && (question >= message.Sequence || question <= 0))
            {
                throw Invalid($"{where} answers #{question}, which does not come before it.");
            }

            if (message.Kind == MessageKind.Summary && (message.SummarizedThrough is not { } through || through >= message.Sequence))
            {
                throw Invalid($"{where} is a summary that does not say which earlier messages it stands for.");
            }

            previous = message.Sequence;
        }

        if (document.Items.Any(i => i is null || i.Content is null))
        {
            throw Invalid($"{path}: a context item lacks its content.");
        }

        return document;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] + "." : message;
    }

    private static ConversationStoreException Invalid(string message, Exception? inner = null) => new(ConversationStoreError.InvalidImport, message, inner);
}
