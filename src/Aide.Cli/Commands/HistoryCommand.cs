using System.CommandLine;
using System.Globalization;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Conversations;
using Aide.Conversations.Entities;
using Aide.Conversations.Export;
using Aide.Conversations.Tokens;
using Aide.Events;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide history</c>: list, show, remove, clear, export, import and branch saved conversations.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("history", "Saved conversations: list, search, show, rename, rm, clear, export, import, branch, doctor.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Remove(console));
        command.Subcommands.Add(Rename(console));
        command.Subcommands.Add(HistorySearch.Create(console));
        command.Subcommands.Add(Clear(console));
        command.Subcommands.Add(ExportCommand(console));
        command.Subcommands.Add(Import(console));
        command.Subcommands.Add(Branch(console));
        command.Subcommands.Add(HistoryDoctor.Create(console));
        return command;
    }

    private static Argument<string> NameArgument(string description = "The conversation's name.")
    {
        var argument = new Argument<string>("name") { Description = description };
        Completion.CompletionValues.AddConversations(argument);
        return argument;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON." };

    private static Command List(CliConsole console)
    {
        var json = JsonOption();
        var limit = new Option<int?>("--limit", "-n") { Description = "Show at most N conversations (the most recent).", HelpName = "N" };
        var since = new Option<string?>("--since") { Description = "Only conversations active since then: a duration (24h, 7d) or a date (2026-12-01).", HelpName = "WHEN" };
        var grep = new Option<string?>("--grep") { Description = "Only conversations whose name or title contains TEXT (any case).", HelpName = "TEXT" };
        var command = new Command("list", "List saved conversations, most recent first.") { json, limit, since, grep };
        command.AddValidator(r =>
        {
            if (r.GetValue(limit) is <= 0)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        command.SetAction((result, ct) => StoreScope.RunAsync(console, result.GetValue(json), async scope =>
        {
            IEnumerable<ConversationInfo> found = await scope.Store.ListAsync(ct);
            if (result.GetValue(since) is { } when)
            {
                var from = UsageCommand.ParseSince(when, TimeProvider.System.GetUtcNow());
                found = found.Where(c => c.UpdatedAt >= from);
            }

            if (result.GetValue(grep) is { Length: > 0 } text)
            {
                found = found.Where(c => c.Name.Contains(text, StringComparison.OrdinalIgnoreCase) || c.Title?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);
            }

            var conversations = found.Take(result.GetValue(limit) ?? int.MaxValue).ToList();
            if (result.GetValue(json))
            {
                await console.Out.WriteLineAsync(ConversationJson.Serialize(conversations));
                return ExitCodes.Ok;
            }

            if (conversations.Count == 0)
            {
                await console.Out.WriteLineAsync(result.GetValue(since) is null && result.GetValue(grep) is null
                    ? "No saved conversations yet. Start one with: aide ask --session NAME \"…\""
                    : "No conversation matches.");
                return ExitCodes.Ok;
            }

            // One line per conversation, its name whole (it is what the other commands take); a long title is cut.
            var rows = conversations.Select(c => new[]
            {
                c.Name,
                c.Title ?? string.Empty,
                c.MessageCount.ToString(CultureInfo.InvariantCulture),
                c.TokenCount.ToString("N0", CultureInfo.InvariantCulture),
                c.UpdatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            }).ToList();
            var table = OneLineTable.Create(console.AnsiOut.Profile.Width, ["Name", "Title", "Messages", "Tokens", "Updated"], textColumn: 1, rows);
            console.AnsiOut.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var name = NameArgument();
        var json = new Option<bool>("--json") { Description = "Print the whole conversation as its JSON export." };
        var command = new Command("show", "Show a conversation's messages (with the numbers branch --from takes) and its entities.") { name, json };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, result.GetValue(json), async scope =>
        {
            var conversation = await scope.RequireAsync(result.GetValue(name)!, ct);
            if (result.GetValue(json))
            {
                var document = await ConversationExporter.CreateAsync(scope.Store, conversation, TimeProvider.System.GetUtcNow(), ct);
                await using var stdout = Console.OpenStandardOutput();
                await ConversationExporter.WriteJsonAsync(document, stdout, ct);
                await stdout.WriteAsync("\n"u8.ToArray(), ct);
                return ExitCodes.Ok;
            }

            var output = console.Out;
            await output.WriteLineAsync(Header(conversation));
            foreach (var message in await scope.Store.GetMessagesAsync(conversation.Id, ct))
            {
                var label = message.Kind == MessageKind.Summary ? $"summary of #1–#{message.SummarizedThrough}"
                    : message.Unanswered ? $"{message.Role} (no answer)"
                    : Turns.TurnMetadata.IsIncomplete(message.Metadata) ? $"{message.Role} (incomplete: the answer broke off)"
                    : message.Metadata?.GetValueOrDefault(Aide.Tools.ToolCallRecord.ToolKey) is { } tool
                        ? $"tool call {tool} {CliText.Clip(message.Metadata.GetValueOrDefault(Aide.Tools.ToolCallRecord.ArgumentsKey) ?? "{}", 200)}"
                    : message.Role;
                await output.WriteLineAsync(FormattableString.Invariant($"\n#{message.Sequence} {label} · {message.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} · {message.TokenCount} tokens · id {message.Id}"));
                await output.WriteLineAsync(console.IsOutputTerminal ? TerminalText.Safe(message.Content) : message.Content);
            }

            var entities = await scope.Store.GetEntitiesAsync(conversation.Id, ct);
            if (entities.Count > 0)
            {
                await output.WriteLineAsync("\nEntities: " + string.Join(", ", entities.Select(e => FormattableString.Invariant($"{e.Text} ({e.Kind}, {e.Mentions}×)"))));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var name = NameArgument();
        var command = new Command("rm", "Delete a conversation with its messages, items and entities.") { name };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var conversation = await scope.RequireAsync(result.GetValue(name)!, ct);
            var session = ConversationSession.Attach(scope.Store, conversation, scope.SessionOptions(conversation.Model));
            var removed = await session.ClearAsync(ct);
            await scope.Store.DeleteAsync(conversation.Name, ct);
            await console.Out.WriteLineAsync($"Removed '{conversation.Name}' ({removed.MessagesRemoved} messages).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Rename(CliConsole console)
    {
        var name = NameArgument();
        var newName = new Argument<string>("new-name") { Description = "The new name." };
        var command = new Command("rename", "Rename a conversation (ask --session and chat take the new name).") { name, newName };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var old = result.GetValue(name)!;
            var renamed = await scope.Store.RenameAsync(ConversationName.Validate(old), result.GetValue(newName)!, ct)
                ?? throw new ConversationStoreException(ConversationStoreError.NotFound, $"There is no conversation named '{old}'; aide history list shows them.");
            await console.Out.WriteLineAsync($"Renamed '{old}' to '{renamed.Name}'.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Clear(CliConsole console)
    {
        var name = NameArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new Command("clear", "Remove every message, item and entity of a conversation, keeping its name (asks first).") { name, yes };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var conversation = await scope.RequireAsync(result.GetValue(name)!, ct);
            if (!result.GetValue(yes))
            {
                await console.Out.WriteAsync($"Remove all {conversation.MessageCount} messages of '{conversation.Name}'? This cannot be undone. [y/N] ");
                var answer = console.In.ReadLine();
                if (answer?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    await console.Out.WriteLineAsync();
                    console.WriteError("Not cleared. Answer y, or pass --yes to clear without asking.");
                    return ExitCodes.UsageError;
                }
            }

            var removed = await ConversationSession.Attach(scope.Store, conversation, scope.SessionOptions(conversation.Model)).ClearAsync(ct);
            await console.Out.WriteLineAsync($"Cleared '{conversation.Name}': {removed.MessagesRemoved} messages, {removed.ItemsRemoved} items, {removed.EntitiesRemoved.Count} entities removed.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ExportCommand(CliConsole console)
    {
        var name = NameArgument();
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output).", HelpName = "FILE" };
        var format = new Option<string>("--format") { Description = "json (readable) or snapshot (compact MessagePack; import reads both).", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "snapshot");
        var command = new Command("export", "Export a conversation as JSON people and other tools can read.") { name, output, format };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var conversation = await scope.RequireAsync(result.GetValue(name)!, ct);
            var document = await ConversationExporter.CreateAsync(scope.Store, conversation, TimeProvider.System.GetUtcNow(), ct);
            var snapshot = result.GetValue(format) == "snapshot";
            if (result.GetValue(output) is not { } path)
            {
                await using var stdout = Console.OpenStandardOutput();
                await WriteAsync(document, snapshot, stdout, ct);
                return ExitCodes.Ok;
            }

            await PrivateFileWriter.WriteAtomicallyAsync(path, stream => WriteAsync(document, snapshot, stream, ct), ct);
            console.Error.WriteLine($"Exported '{conversation.Name}' ({document.Messages.Count} messages) to {path}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(ConversationDocument document, bool snapshot, Stream stream, CancellationToken cancellationToken)
    {
        if (snapshot)
        {
            await stream.WriteAsync(ConversationSnapshot.Serialize(document), cancellationToken);
        }
        else
        {
            await ConversationExporter.WriteJsonAsync(document, stream, cancellationToken);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
    }

    private static Command Import(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "An export (JSON or snapshot)." };
        var asName = new Option<string?>("--as") { Description = "Name to import it under (default: the name in the file).", HelpName = "NAME" };
        var command = new Command("import", "Import an exported conversation, whole or not at all.") { file, asName };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var started = TimeProvider.System.GetTimestamp();
            var document = await ConversationExporter.ReadAsync(result.GetValue(file)!, ct);
            var name = ConversationName.Validate(result.GetValue(asName) ?? document.Conversation.Name);
            var (prepared, entities) = ConversationExporter.Prepare(document, TokenCounters.ForModel(document.Conversation.Model), new EntityExtractor());
            var imported = await scope.Store.ImportAsync(prepared, name, entities, ct);
            var entityCount = (await scope.Store.GetEntitiesAsync(imported.Id, ct)).Count;
            scope.Runtime.Bus.Publish(new ContextRestored("import", imported.MessageCount + prepared.Items.Count, entityCount, TimeProvider.System.GetElapsedTime(started))
            {
                Timestamp = TimeProvider.System.GetUtcNow(),
                Source = "context",
                SessionId = imported.Name,
            });
            await console.Out.WriteLineAsync($"Imported '{imported.Name}' ({imported.MessageCount} messages, {prepared.Items.Count} items, {entityCount} entities).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Branch(CliConsole console)
    {
        var name = NameArgument("The new conversation's name when --from names the source (work:4, or a message id); otherwise the conversation to branch.");
        var from = new Option<string>("--from") { Description = "The last message to keep: NAME:N, a message id, or N (a number in the conversation named first).", HelpName = "MESSAGE", Required = true };
        var asName = new Option<string?>("--as") { Description = "The branch's name when the first argument is the source (default: NAME-branch-N).", HelpName = "NEW" };
        var command = new Command("branch", "Fork a conversation after one of its messages, to explore another path; the original is unchanged.") { name, from, asName };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var first = result.GetValue(name)!;
            var (source, sequence) = await ResolveMessageAsync(scope, first, result.GetValue(from)!, ct);
            var target = result.GetValue(asName)
                ?? (string.Equals(source.Name, first, StringComparison.OrdinalIgnoreCase) ? await FreeBranchNameAsync(scope, source.Name, ct) : first);
            var branch = await scope.Store.BranchAsync(source.Id, sequence, ConversationName.Validate(target), ct);
            await console.Out.WriteLineAsync($"Branched '{source.Name}' after #{sequence} into '{branch.Name}' ({branch.MessageCount} messages). Continue it with: aide chat --session {branch.Name}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Finds the source conversation and message of <c>--from</c>: NAME:N or NAME#N, a message id, or a number in <paramref name="first"/>.</summary>
    private static async Task<(ConversationInfo Source, int Sequence)> ResolveMessageAsync(StoreScope scope, string first, string from, CancellationToken cancellationToken)
    {
        var separator = from.LastIndexOfAny([':', '#']);
        if (separator > 0 && int.TryParse(from.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var qualified))
        {
            return (await scope.RequireAsync(from[..separator], cancellationToken), qualified);
        }

        if (int.TryParse(from.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (await scope.RequireAsync(first, cancellationToken), number);
        }

        return await scope.Store.FindMessageAsync(from, cancellationToken) is { } found
            ? (found.Conversation, found.Message.Sequence)
            : throw new ConversationStoreException(ConversationStoreError.NotFound, $"No message '{from}': give NAME:N, a number from aide history show, or a message id it prints.");
    }

    private static async Task<string> FreeBranchNameAsync(StoreScope scope, string source, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = FormattableString.Invariant($"{source}-branch-{n}");
            if (candidate.Length > ConversationName.MaxLength)
            {
                return ConversationName.Generate(TimeProvider.System.GetUtcNow());
            }

            if (await scope.Store.FindAsync(candidate, cancellationToken) is null)
            {
                return candidate;
            }
        }
    }

    private static string Header(ConversationInfo c) => TerminalText.Safe(HeaderText(c));

    private static string HeaderText(ConversationInfo c)
    {
        var branch = c.BranchedFrom is null ? string.Empty : FormattableString.Invariant($" · branched from {c.BranchedFrom} after #{c.BranchedAt}");
        return FormattableString.Invariant($"{c.Name}: {c.Title ?? "(untitled)"} · {c.MessageCount} messages · {c.TokenCount:N0} tokens · model {c.Model ?? "(provider default)"}{branch}");
    }
}
