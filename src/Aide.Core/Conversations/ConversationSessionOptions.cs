using Aide.Conversations.Entities;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.Logging;

namespace Aide.Conversations;

/// <summary>How a <see cref="ConversationSession"/> counts, fits, tracks and reports.</summary>
public sealed class ConversationSessionOptions
{
    /// <summary>Gets the model the conversation is used with (for the token counter and the conversation's record).</summary>
    public string? Model { get; init; }

    /// <summary>Gets the context window.</summary>
    public required ContextWindowOptions Window { get; init; }

    /// <summary>Gets the token counter; <see langword="null"/> picks one for <see cref="Model"/> (<see cref="TokenCounters.ForModel"/>).</summary>
    public ITokenCounter? TokenCounter { get; init; }

    /// <summary>Gets the entity extractor; <see langword="null"/> uses Aide's detectors.</summary>
    public EntityExtractor? Entities { get; init; }

    /// <summary>Gets the bus that receives the context events, if any.</summary>
    public IEventBus? EventBus { get; init; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets a value indicating whether a conversation that does not exist yet is saved only with its first message, in
    /// that message's transaction (<see cref="IConversationStore.AppendToNewAsync"/>), instead of when the session
    /// opens. A session that saves nothing then leaves nothing behind, and a one-question command writes the
    /// conversation once. Until the first message, <see cref="ConversationSession.Conversation"/> has an empty id, so
    /// nothing can be attached to it through the store. Off by default.
    /// </summary>
    public bool CreateWithFirstMessage { get; init; }

    /// <summary>Gets the logger for a failed summary.</summary>
    public ILogger? Logger { get; init; }
}
