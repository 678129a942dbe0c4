using Aide.Conversations;

namespace Aide.Cli.Chat;

/// <summary>
/// Tells the user, once, about questions an earlier <c>aide</c> saved but could not answer (it was killed first): they
/// are left out of the conversation's context rather than sent again with every turn.
/// </summary>
internal static class UnansweredNotice
{
    public static void Write(CliConsole console, string? conversation, IReadOnlyList<StoredMessage> questions, string howToAsk)
    {
        foreach (var question in questions)
        {
            var text = question.Content.ReplaceLineEndings(" ").Trim();
            text = text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 59).TrimEnd(), "…");
            console.WriteWarning($"An earlier question in '{conversation}' (#{question.Sequence}, \"{text}\") got no answer: the aide that asked it was stopped first. It is left out of the conversation; {howToAsk}");
        }
    }
}
