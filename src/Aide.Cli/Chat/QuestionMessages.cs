using Microsoft.Extensions.AI;

namespace Aide.Cli.Chat;

/// <summary>
/// The messages of a question asked without saved history: the system prompt, if any, then the question. One place,
/// because <c>aide cache warm</c> must send exactly what <c>aide ask</c> sends, or the cache keys would differ.
/// </summary>
internal static class QuestionMessages
{
    public static IList<ChatMessage> For(string? systemPrompt, string question) =>
        systemPrompt is { } system ? [new(ChatRole.System, system), new(ChatRole.User, question)] : [new(ChatRole.User, question)];
}
