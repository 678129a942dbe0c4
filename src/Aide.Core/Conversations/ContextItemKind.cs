namespace Aide.Conversations;

/// <summary>What a context item is about.</summary>
public enum ContextItemKind
{
    /// <summary>Free-form note.</summary>
    Note,

    /// <summary>How the user likes things done ("answer in British English").</summary>
    Preference,

    /// <summary>Something the user is working on.</summary>
    Task,

    /// <summary>A fact to keep in mind.</summary>
    Fact,

    /// <summary>Something that holds for a while (a deadline, today's focus); usually given an expiry.</summary>
    Temporal,

    /// <summary>The user's environment (OS, language versions, tools).</summary>
    Environment,
}
