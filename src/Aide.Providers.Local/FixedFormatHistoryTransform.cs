using System.Text;
using Aide.Models;
using LLama.Abstractions;
using LLama.Common;

namespace Aide.Providers.Local;

/// <summary>
/// Writes a conversation in one of the well-known chat formats, for models whose file has no chat template (or when the
/// user names a format). The formats are those of the model families' published templates, without their optional
/// extras (tool calls, images). <see cref="ChatTemplate.Plain"/> is for base models: a lone question is sent as it is
/// (the model continues it); a conversation becomes a "User:"/"Assistant:" transcript, stopped at the next "User:".
/// </summary>
internal sealed class FixedFormatHistoryTransform(ChatTemplate format) : IHistoryTransform
{
    /// <summary>The text that ends an answer in the plain transcript (the model starting the user's next line).</summary>
    internal static readonly string[] PlainStops = ["\nUser:"];

    /// <summary>Gets the stop sequences answers in this format need beyond the model's end-of-generation tokens.</summary>
    public IReadOnlyList<string> StopSequences => format == ChatTemplate.Plain ? PlainStops : [];

    public string HistoryToText(ChatHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var messages = history.Messages;
        var text = new StringBuilder();
        switch (format)
        {
            case ChatTemplate.ChatMl:
                foreach (var m in messages)
                {
                    text.Append("<|im_start|>").Append(Role(m.AuthorRole)).Append('\n').Append(m.Content).Append("<|im_end|>\n");
                }

                return text.Append("<|im_start|>assistant\n").ToString();
            case ChatTemplate.Llama3:
                foreach (var m in messages)
                {
                    text.Append("<|start_header_id|>").Append(Role(m.AuthorRole)).Append("<|end_header_id|>\n\n").Append(m.Content.Trim()).Append("<|eot_id|>");
                }

                return text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n").ToString();
            case ChatTemplate.Gemma:
                foreach (var (role, content) in FoldSystem(messages))
                {
                    text.Append("<start_of_turn>").Append(role == AuthorRole.Assistant ? "model" : "user").Append('\n').Append(content.Trim()).Append("<end_of_turn>\n");
                }

                return text.Append("<start_of_turn>model\n").ToString();
            case ChatTemplate.Phi3:
                foreach (var m in messages)
                {
                    text.Append("<|").Append(Role(m.AuthorRole)).Append("|>\n").Append(m.Content).Append("<|end|>\n");
                }

                return text.Append("<|assistant|>\n").ToString();
            case ChatTemplate.Llama2 or ChatTemplate.Mistral:
                return Instructions(messages, format == ChatTemplate.Llama2);
            default:
                return Plain(messages);
        }
    }

    public ChatHistory TextToHistory(AuthorRole role, string text) => new([new ChatHistory.Message(role, text)]);

    public IHistoryTransform Clone() => new FixedFormatHistoryTransform(format);

    private static string Role(AuthorRole role) => role switch
    {
        AuthorRole.System => "system",
        AuthorRole.Assistant => "assistant",
        _ => "user",
    };

    /// <summary>Formats without a system role take the system prompt at the head of the first question.</summary>
    private static List<(AuthorRole Role, string Content)> FoldSystem(IEnumerable<ChatHistory.Message> messages)
    {
        var system = string.Join("\n\n", messages.Where(m => m.AuthorRole == AuthorRole.System).Select(m => m.Content));
        var folded = new List<(AuthorRole, string)>();
        foreach (var m in messages.Where(m => m.AuthorRole != AuthorRole.System))
        {
            var content = folded.Count == 0 && m.AuthorRole == AuthorRole.User && system.Length > 0 ? system + "\n\n" + m.Content : m.Content;
            folded.Add((m.AuthorRole, content));
        }

        return folded;
    }

    /// <summary>Llama 2 (<c>&lt;&lt;SYS&gt;&gt;</c> in the first instruction) and Mistral (the system prompt folded in).</summary>
    private static string Instructions(IEnumerable<ChatHistory.Message> messages, bool llama2)
    {
        var text = new StringBuilder();
        var system = string.Join("\n\n", messages.Where(m => m.AuthorRole == AuthorRole.System).Select(m => m.Content));
        var first = true;
        foreach (var m in messages.Where(m => m.AuthorRole != AuthorRole.System))
        {
            if (m.AuthorRole == AuthorRole.Assistant)
            {
                text.Append(' ').Append(m.Content.Trim()).Append("</s>");
                continue;
            }

            var content = m.Content.Trim();
            if (first && system.Length > 0)
            {
                content = llama2 ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{content}" : $"{system}\n\n{content}";
            }

            text.Append("[INST] ").Append(content).Append(" [/INST]");
            first = false;
        }

        return text.ToString();
    }

    private static string Plain(IReadOnlyList<ChatHistory.Message> messages)
    {
        if (messages is [{ AuthorRole: AuthorRole.User } only])
        {
            return only.Content;
        }

        var text = new StringBuilder();
        foreach (var m in messages)
        {
            if (m.AuthorRole == AuthorRole.System)
            {
                text.Append(m.Content.Trim()).Append("\n\n");
                continue;
            }

            text.Append(m.AuthorRole == AuthorRole.Assistant ? "Assistant: " : "User: ").Append(m.Content.Trim()).Append('\n');
        }

        return text.Append("Assistant:").ToString();
    }
}
