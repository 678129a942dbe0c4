using System.CommandLine;
using System.Globalization;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Export;
using Aide.Conversations.Tokens;
using Aide.Events;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide context</c>: items sent with every turn (preferences, tasks, facts…), and what a conversation's window holds.</summary>
internal static class ContextCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("context", "Context items sent with every turn, and what a conversation's window holds: add, list, rm, pin, unpin, show.");
        command.Subcommands.Add(Add(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Remove(console));
        command.Subcommands.Add(Pin(console, pinned: true));
        command.Subcommands.Add(Pin(console, pinned: false));
        command.Subcommands.Add(Show(console));
        return command;
    }

    private const string OwnerCheckDescription = "The conversation the item belongs to: checked before anything changes.";

    private static Option<string?> SessionOption(string description) => new("--session", "-s") { Description = description, HelpName = "NAME" };

    private static Command Add(CliConsole console)
    {
        var text = new Argument<string[]>("text") { Description = "The item's text (words are joined with spaces).", Arity = ArgumentArity.OneOrMore };
        // A string option, so help shows the values (and the default) in the lower case the option takes.
        var kinds = string.Join('|', Enum.GetNames<ContextItemKind>().Select(n => n.ToLowerInvariant()));
        var kind = new Option<string>("--kind", "-k") { Description = "What the item is.", HelpName = kinds, DefaultValueFactory = _ => "note" };
        kind.AddValidator(result =>
        {
            if (!Enum.GetNames<ContextItemKind>().Contains(result.GetValueOrDefault<string>(), StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"--kind '{result.GetValueOrDefault<string>()}' is not one of {kinds}.");
            }
        });
        var priority = new Option<int>("--priority") { Description = "0 to 100; higher goes in first.", DefaultValueFactory = _ => 50 };
        var relevance = new Option<double>("--relevance") { Description = "0 to 1; under 0.3 is left out first when space is short.", DefaultValueFactory = _ => 1.0 };
        var expires = new Option<string?>("--expires") { Description = "Stop applying after this long: 30m, 2h, 7d.", HelpName = "DURATION" };
        var pin = new Option<bool>("--pin") { Description = "Always send it; a turn fails rather than leave it out." };
        var session = SessionOption("The conversation it belongs to (default: every conversation).");
        var command = new Command("add", "Add a context item.") { text, kind, priority, relevance, expires, pin, session };
        command.AddValidator(result =>
        {
            if (result.GetValue(priority) is < 0 or > 100)
            {
                result.AddError("--priority must be from 0 to 100.");
            }

            if (result.GetValue(relevance) is < 0 or > 1)
            {
                result.AddError("--relevance must be from 0 to 1.");
            }
        });
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var content = string.Join(' ', result.GetValue(text)!).Trim();
            if (content.Length == 0)
            {
                throw new UsageException("The item is empty.");
            }

            var conversation = result.GetValue(session) is { } name ? await scope.RequireAsync(name, ct) : null;
            var expiry = result.GetValue(expires) is { } e ? TimeProvider.System.GetUtcNow() + ParseDuration(e) : (DateTimeOffset?)null;
            var counter = TokenCounters.ForModel(conversation?.Model ?? scope.Settings.Model);
            var item = await scope.Store.AddItemAsync(
                new ContextItemDraft(conversation?.Id, Enum.Parse<ContextItemKind>(result.GetValue(kind)!, ignoreCase: true), content, counter.CountTokens(content), result.GetValue(priority), result.GetValue(relevance), result.GetValue(pin), expiry),
                ct);
            Publish(scope, item, ContextOperation.Add, conversation?.Name);
            await console.Out.WriteLineAsync($"Added {item.Kind.ToString().ToLowerInvariant()} {item.Id}{(item.Pinned ? " (pinned)" : string.Empty)} for {(conversation is null ? "every conversation" : $"'{conversation.Name}'")}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var session = SessionOption("Also list that conversation's own items.");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List context items: every conversation's, and one conversation's with --session.") { session, json };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var conversation = result.GetValue(session) is { } name ? await scope.RequireAsync(name, ct) : null;
            var items = await scope.Store.GetItemsAsync(conversation?.Id, ct);
            if (result.GetValue(json))
            {
                await console.Out.WriteLineAsync(ConversationJson.Serialize(items));
                return ExitCodes.Ok;
            }

            if (items.Count == 0)
            {
                await console.Out.WriteLineAsync("No context items. Add one with: aide context add --kind preference \"Answer briefly\"");
                return ExitCodes.Ok;
            }

            var now = TimeProvider.System.GetUtcNow();
            var rows = items.Select(item => new[]
            {
                item.Id,
                item.Kind.ToString().ToLowerInvariant(),
                item.ConversationId is null ? "all" : conversation?.Name ?? item.ConversationId,
                item.Pinned ? "yes" : string.Empty,
                item.Priority.ToString(CultureInfo.InvariantCulture),
                item.Relevance.ToString("0.##", CultureInfo.InvariantCulture),
                item.ExpiresAt is { } at ? (item.IsExpired(now) ? "expired" : ExpiresIn(at - now)) : string.Empty,
                item.Content,
            }).ToList();
            var table = OneLineTable.Create(console.AnsiOut.Profile.Width, ["Id", "Kind", "Scope", "Pin", "Pri", "Rel", "Expires", "Text"], textColumn: 7, rows);
            console.AnsiOut.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Time left before an item expires, short enough for its column: <c>in 45m</c>, <c>in 1h59m</c>, <c>in 3d4h</c>.</summary>
    internal static string ExpiresIn(TimeSpan left)
    {
        // Whole minutes, rounded up, before choosing the unit: an hour less a few seconds reads "in 1h00m", not "in 60m".
        var minutes = Math.Max(1L, (long)Math.Ceiling(left.TotalMinutes));
        return minutes switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"in {minutes}m"),
            < 24 * 60 => string.Create(CultureInfo.InvariantCulture, $"in {minutes / 60}h{minutes % 60:00}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"in {minutes / (24 * 60)}d{minutes / 60 % 24}h"),
        };
    }

    private static Command Remove(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The item's id (aide context list shows it)." };
        var session = SessionOption(OwnerCheckDescription);
        var command = new Command("rm", "Remove a context item.") { id, session };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var owner = await CheckOwnerAsync(scope, result.GetValue(id)!, result.GetValue(session), ct);
            var item = await scope.Store.RemoveItemAsync(result.GetValue(id)!, ct) ?? throw NotFound(result.GetValue(id)!);
            Publish(scope, item, ContextOperation.Remove, owner);
            await console.Out.WriteLineAsync($"Removed {item.Id}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Pin(CliConsole console, bool pinned)
    {
        var id = new Argument<string>("id") { Description = "The item's id (aide context list shows it)." };
        var session = SessionOption(OwnerCheckDescription);
        var command = new Command(pinned ? "pin" : "unpin", pinned ? "Pin an item: always sent." : "Unpin an item: sent while it fits.") { id, session };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var owner = await CheckOwnerAsync(scope, result.GetValue(id)!, result.GetValue(session), ct);
            var item = await scope.Store.SetPinnedAsync(result.GetValue(id)!, pinned, ct) ?? throw NotFound(result.GetValue(id)!);
            Publish(scope, item, ContextOperation.Update, owner);
            await console.Out.WriteLineAsync($"{(pinned ? "Pinned" : "Unpinned")} {item.Id}.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var session = SessionOption("The conversation (default: the most recent).");
        var command = new Command("show", "Show what the next turn of a conversation would send: window, items, entities.") { session };
        command.SetAction((result, ct) => StoreScope.RunAsync(console, false, async scope =>
        {
            var conversation = result.GetValue(session) is { } name ? await scope.RequireAsync(name, ct)
                : await scope.Store.FindMostRecentAsync(ct) ?? throw new UsageException("There are no saved conversations yet.");
            var attached = ConversationSession.Attach(scope.Store, conversation, scope.SessionOptions(conversation.Model, await scope.LastProviderKindAsync(conversation, ct)));
            var window = await attached.BuildWindowAsync(scope.Settings.SystemPrompt, null, ct);
            var output = console.Out;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"'{conversation.Name}': {Count.Of(conversation.MessageCount, "message")}, {Count.Of(conversation.TokenCount, "token")} counted with {attached.TokenCounter.Name}."));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Window: {window.TokensUsed:N0} of {Count.Of(window.Budget, "token")}; {Count.Of(window.MessagesIncluded, "message")} from #{window.FirstIncludedSequence} sent, {window.MessagesDropped} left out{(window.Summary is null ? string.Empty : $", summary of #1–#{window.Summary.SummarizedThrough} sent")}; {Count.Of(window.IncludedItems.Count, "item")} sent, {window.ItemsDropped} left out."));
            foreach (var item in window.IncludedItems)
            {
                await output.WriteLineAsync($"  item {item.Id} ({item.Kind.ToString().ToLowerInvariant()}{(item.Pinned ? ", pinned" : string.Empty)}): {item.Content}");
            }

            var entities = await scope.Store.GetEntitiesAsync(conversation.Id, ct);
            await output.WriteLineAsync(entities.Count == 0 ? "Entities: none." : "Entities:");
            foreach (var entity in entities)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {entity.Kind,-12} {entity.Text} ({entity.Mentions}×, last {entity.LastSeen.ToLocalTime():yyyy-MM-dd HH:mm})"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static TimeSpan ParseDuration(string text)
    {
        var value = text.Trim();
        if (value.EndsWith('d') && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0)
        {
            return TimeSpan.FromDays(days);
        }

        try
        {
            return SettingParsers.Duration(new SettingValue(value, "option --expires"), "--expires", TimeSpan.FromDays(3650));
        }
        catch (AideConfigurationException ex)
        {
            // An option of this command, not a setting: a usage error (exit 2, as --priority's), named once.
            throw new UsageException(ex.Message.Replace(" from option --expires", string.Empty, StringComparison.Ordinal));
        }
    }

    private static void Publish(StoreScope scope, ContextItem item, ContextOperation operation, string? session) =>
        scope.Runtime.Bus.Publish(new ContextUpdated(item.Id, operation, item.TokenCount)
        {
            Timestamp = TimeProvider.System.GetUtcNow(),
            Source = "context",
            SessionId = session,
        });

    /// <summary>
    /// With <c>--session</c> (as <c>aide context list --session</c> was given), checks that the item is that
    /// conversation's before anything changes, and returns the conversation's name for the event.
    /// </summary>
    private static async Task<string?> CheckOwnerAsync(StoreScope scope, string id, string? session, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            return null;
        }

        var conversation = await scope.RequireAsync(session, cancellationToken);
        var item = (await scope.Store.GetItemsAsync(conversation.Id, cancellationToken)).FirstOrDefault(i => i.Id == id) ?? throw NotFound(id, conversation.Name);
        return item.ConversationId is null
            ? throw new UsageException($"Item {id} applies to every conversation, not only '{conversation.Name}'; leave out --session to change it.")
            : conversation.Name;
    }

    private static ConversationStoreException NotFound(string id, string conversation) =>
        new(ConversationStoreError.NotFound, $"'{conversation}' has no context item '{id}'; aide context list --session {conversation} shows them.");

    private static ConversationStoreException NotFound(string id) =>
        new(ConversationStoreError.NotFound, $"There is no context item '{id}'; aide context list shows them.");
}
