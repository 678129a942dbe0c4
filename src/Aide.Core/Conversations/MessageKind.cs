namespace Aide.Conversations;

/// <summary>What a stored message is.</summary>
public enum MessageKind
{
    /// <summary>A turn of the conversation.</summary>
    Message,

    /// <summary>A model-written summary that stands, in the context window, for the messages before it.</summary>
    Summary,
}
