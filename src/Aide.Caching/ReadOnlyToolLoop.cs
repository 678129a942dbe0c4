using System.Text;
using Aide.Tools;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// How the cache serves a tool loop Aide runs: only the final answer of a loop that called nothing but read-only tools
/// is kept, under the key of the loop's start (the messages up to the user's last one, and the tools offered). The
/// loop's first round then finds it, and the answer is replayed without calling the model or running any tool; the
/// middle rounds (a model asking for a tool) are never stored nor looked up, so a replay can never make the loop call a
/// tool again, and a loop that called a tool that may write (<see cref="ToolGuard.MayWrite"/>) is not stored at all:
/// its answer would claim effects that a replay does not have.
/// </summary>
internal static class ReadOnlyToolLoop
{
    /// <summary>Marks the keys of loop answers, so the write hooks (which see no options) can tell them apart.</summary>
    public const string KeyPrefix = "loop:";

    /// <summary>The loop's options without their tools and its tools' identity, when <paramref name="options"/> offers tools Aide runs.</summary>
    public static (ChatOptions Options, string Identity)? Of(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools || !tools.Any(t => ToolGuard.InfoOf(t) is not null))
        {
            return null;
        }

        var identity = new StringBuilder("tools:");
        foreach (var tool in tools)
        {
            identity.Append(tool.Name).Append('\u0001').Append(tool.Description).Append('\u0001');
            if (tool is AIFunctionDeclaration declaration)
            {
                identity.Append(declaration.JsonSchema.GetRawText());
            }

            identity.Append('\u0002');
        }

        var keyed = options.Clone();
        keyed.Tools = null;
        keyed.ToolMode = null;
        return (keyed, identity.ToString());
    }

    /// <summary>The messages the loop started from: up to and including the user's last message.</summary>
    public static IList<ChatMessage> Start(IEnumerable<ChatMessage> messages)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Role == ChatRole.User)
            {
                return i == list.Count - 1 ? list : [.. list.Take(i + 1)];
            }
        }

        return list;
    }

    /// <summary>Whether the loop so far (the messages after the user's last one) called a tool that may write.</summary>
    public static bool CalledAnyWriter(IList<ChatMessage> messages, ChatOptions options)
    {
        var start = Start(messages).Count;
        for (var i = start; i < messages.Count; i++)
        {
            foreach (var call in messages[i].Contents.OfType<FunctionCallContent>())
            {
                if (options.Tools!.FirstOrDefault(t => t.Name == call.Name) is not { } tool || ToolGuard.MayWrite(tool))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether an answer under a loop key asks for a tool: a middle round, not stored.</summary>
    public static bool IsMidLoop(string key, IEnumerable<AIContent> contents) =>
        key.StartsWith(KeyPrefix, StringComparison.Ordinal) && contents.Any(c => c is FunctionCallContent);
}
