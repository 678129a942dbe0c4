using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Conversations;

namespace Aide.Cli.Commands;

/// <summary><c>aide history search TEXT…</c>: the saved messages that hold every word, best match first, with snippets.</summary>
internal static class HistorySearch
{
    public static Command Create(CliConsole console)
    {
        var words = new Argument<string[]>("text") { Description = "Words to find (all of them, any case, accents ignored); word* matches a prefix.", Arity = ArgumentArity.OneOrMore };
        var limit = new Option<int?>("--limit", "-n") { Description = "Show at most N messages (default 20).", HelpName = "N" };
        var session = new Option<string?>("--session", "-s") { Description = "Search only this conversation.", HelpName = "NAME" };
        var json = new Option<bool>("--json") { Description = "Print the hits as JSON." };
        Completion.CompletionValues.AddConversations(session);
        var command = new Command("search", "Search the text of every saved message (SQLite FTS5), best match first, with the matching part.") { words, limit, session, json };
        command.AddValidator(r =>
        {
            if (r.GetValue(limit) is <= 0)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        command.SetAction((result, ct) => StoreScope.RunAsync(console, result.GetValue(json), async scope =>
        {
            var text = string.Join(' ', result.GetValue(words) ?? []);
            IReadOnlyList<ConversationSearchHit> hits;
            try
            {
                hits = await scope.Store.SearchAsync(text, result.GetValue(limit) ?? 20, result.GetValue(session), ct);
            }
            catch (ArgumentException)
            {
                throw new UsageException($"Give at least one word to search for (letters or digits), not only '{text}'.");
            }

            if (result.GetValue(json))
            {
                var rows = hits.Select(h => new SearchHitJson(h.ConversationName, h.Sequence, h.MessageId, h.Role, h.CreatedAt, h.Snippet, [.. h.Matches.Select(m => new[] { m.Start.Value, m.End.Value })], Math.Round(h.Score, 4))).ToArray();
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, CliJsonContext.Readable.SearchHitJsonArray));
                return ExitCodes.Ok;
            }

            if (hits.Count == 0)
            {
                await console.Out.WriteLineAsync($"No saved message holds {text}.");
                return ExitCodes.Ok;
            }

            foreach (var hit in hits)
            {
                var when = hit.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                await console.Out.WriteLineAsync($"{hit.ConversationName} #{hit.Sequence} {hit.Role} · {when}");
                await console.Out.WriteLineAsync("  " + Highlight(hit, console.IsOutputTerminal && !console.NoColor));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The snippet on one line, its control characters made visible, the matches in bold on a terminal.</summary>
    private static string Highlight(ConversationSearchHit hit, bool bold)
    {
        var text = new StringBuilder();
        var at = 0;
        foreach (var match in hit.Matches)
        {
            var (start, end) = (match.Start.Value, match.End.Value);
            text.Append(Line(hit.Snippet[at..start]));
            text.Append(bold ? "\e[1m" : string.Empty).Append(Line(hit.Snippet[start..end])).Append(bold ? "\e[22m" : string.Empty);
            at = end;
        }

        return text.Append(Line(hit.Snippet[at..])).ToString();
    }

    private static string Line(string text) => TerminalText.Safe(text.ReplaceLineEndings(" "));
}
