using Aide.Conversations;
using Aide.Conversations.Entities;
using Aide.Conversations.Export;
using Aide.Conversations.Tokens;
using Aide.Turns;
using Microsoft.Extensions.AI;

namespace Aide.Server;

/// <summary>
/// <c>aide serve --history</c>: a request that names no session is kept as a new conversation of its own — the
/// client's messages and the answer, written in one transaction (the store's import), before the answer is sent, so
/// a whole answer a client received (a stream: its closing chunks and [DONE]) is never missing from the history, and
/// a half-kept request never is in it.
/// </summary>
internal static class RequestHistory
{
    public static async Task KeepAsync(IConversationStore store, IReadOnlyList<ChatMessage> messages, ChatTurnResult result, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var stored = new List<StoredMessage>(messages.Count + 1);
        foreach (var message in messages)
        {
            stored.Add(new StoredMessage(string.Empty, stored.Count + 1, message.Role.Value, message.Text, 0, now));
        }

        var question = stored.LastOrDefault(m => m.Role == "user")?.Sequence;
        stored.Add(new StoredMessage(string.Empty, stored.Count + 1, "assistant", result.Text, 0, now, Metadata: TurnMetadata.Of(result)) { ReplyTo = question });
        var model = result.ModelId ?? result.Provider?.Model;
        var name = ConversationName.Generate(now) + "-" + Guid.NewGuid().ToString("N")[..8];
        var document = new ConversationDocument(
            ConversationDocument.FormatName, ConversationDocument.CurrentVersion, now, new ConversationInfo(string.Empty, name, null, model, now, now, stored.Count, 0), stored, []);
        var (prepared, entities) = ConversationExporter.Prepare(document, TokenCounters.ForModel(model), new EntityExtractor());

        // Not cancelled with the request: once the answer exists, keeping it must not depend on the client staying.
        await store.ImportAsync(prepared, name, entities, CancellationToken.None);
    }
}
