using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Events;
using Aide.Events.Journal;

namespace Aide.Cli.Commands;

/// <summary><c>aide events</c>: recent events from the journal, filtered, optionally followed live.</summary>
internal static class EventsCommand
{
    private static readonly string[] BaseProperties = ["type", "id", "timestamp", "source", "sessionId", "correlationId", "severity"];

    public static Command Create(CliConsole console)
    {
        var type = new Option<string[]>("--type") { Description = "Only these event types (repeatable), e.g. ChatResponseCompleted.", Arity = ArgumentArity.ZeroOrMore, HelpName = "TYPE" };
        var category = new Option<string?>("--category") { Description = "Only one category: context, health, cache or chat.", HelpName = "CATEGORY" };
        var since = new Option<string?>("--since") { Description = "Only events newer than a duration ago (30s, 10m, 2h, 1d) or a time (2026-11-27T10:00Z).", HelpName = "WHEN" };
        var session = new Option<string?>("--session") { Description = "Only events of one conversation.", HelpName = "ID" };
        var limit = new Option<int>("--limit") { Description = "How many recent events to print (0 for all).", DefaultValueFactory = _ => 50 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they happen (Ctrl+C to stop)." };
        var json = new Option<bool>("--json") { Description = "Print each event as one JSON line." };
        var command = new Command("events", "Show recent events from the journal: chat turns, cache, context and health.");
        foreach (var option in new Option[] { type, category, since, session, limit, follow, json })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, cancellationToken) =>
        {
            try
            {
                var filter = new EventFilter(
                    ParseTypes(result.GetValue(type) ?? []),
                    ParseCategory(result.GetValue(category)),
                    ParseSince(result.GetValue(since)),
                    result.GetValue(session));
                return RunAsync(console, filter, result.GetValue(limit), result.GetValue(follow), result.GetValue(json), cancellationToken);
            }
            catch (UsageException ex)
            {
                return Task.FromResult(ErrorReporter.Report(console, ex, json: false));
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, EventFilter filter, int limit, bool follow, bool json, CancellationToken cancellationToken)
    {
        var reader = new EventJournalReader(ChatRuntime.JournalDirectory(console));
        var start = reader.CurrentEnd();
        var all = reader.ReadAll().ToList();
        var recent = all.Where(filter.Matches).ToList();
        foreach (var evt in limit > 0 ? recent.TakeLast(limit) : recent)
        {
            Print(console, evt, json);
        }

        if (recent.Count == 0 && !json)
        {
            console.Out.WriteLine(NothingToShow(console, all.Count, follow));
        }

        if (reader.Skipped > 0)
        {
            console.WriteWarning(string.Create(CultureInfo.InvariantCulture, $"skipped {reader.Skipped} unreadable journal line(s) (torn by a crash, or not Aide events)."));
        }

        if (!follow)
        {
            return ExitCodes.Ok;
        }

        using var interrupts = new InterruptHandler();
        var watch = interrupts.BeginTurn(cancellationToken);
        try
        {
            await foreach (var evt in reader.FollowAsync(start, TimeSpan.FromMilliseconds(200), TimeProvider.System, watch.Token))
            {
                if (filter.Matches(evt))
                {
                    Print(console, evt, json);
                }
            }
        }
        finally
        {
            interrupts.EndTurn(watch);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Why nothing was printed, on the one-line view only (scripts reading --json get no text).</summary>
    private static string NothingToShow(CliConsole console, int inJournal, bool follow)
    {
        var why = inJournal > 0
            ? string.Create(CultureInfo.InvariantCulture, $"No events match ({inJournal} in the journal).")
            : JournalIsOff(console)
                ? "No events: the journal is off. Turn it on with: aide config set journal true"
                : $"No events recorded yet. Aide records them as it runs (chat turns, cache, context, health) in {ChatRuntime.JournalDirectory(console)}.";
        return follow ? why + " Waiting for new ones (Ctrl+C to stop)." : why;
    }

    private static bool JournalIsOff(CliConsole console)
    {
        try
        {
            return !AideSettingsLoader.Load(new AideSettingsSources { Environment = console.Environment }).Journal;
        }
        catch (AideConfigurationException)
        {
            return false; // a broken config file is reported by the commands that need it
        }
    }

    private static void Print(CliConsole console, AideEvent evt, bool json)
    {
        var text = System.Text.Encoding.UTF8.GetString(AideEventJson.SerializeToUtf8Bytes(evt));
        if (json)
        {
            console.Out.WriteLine(text);
            return;
        }

        var payload = JsonNode.Parse(text)!.AsObject();
        var details = string.Join("  ", payload.Where(p => !BaseProperties.Contains(p.Key)).Select(p => $"{p.Key}={Readable(p.Value)}"));
        var session = evt.SessionId is null ? string.Empty : $"  session={evt.SessionId}";
        console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{evt.Timestamp.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}  {evt.Category.ToString().ToLowerInvariant(),-7}  {evt.GetType().Name,-26} {details}{session}"));
    }

    /// <summary>A payload value for the one-line view: durations (JSON's <c>00:00:00.0032155</c>) in ms or s, others as they are.</summary>
    private static string Readable(JsonNode? value)
    {
        // A string as itself (ToJsonString would escape "José" as "Jos\u00E9"), except control characters: event text
        // can come from outside (an entity in a message, a server's error), and an escape sequence must not reach the
        // terminal. Other values as JSON writes them.
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? EscapeControls(s) : value?.ToJsonString() ?? string.Empty;
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var duration))
        {
            return duration.TotalSeconds switch
            {
                < 1 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0.###} ms"),
                < 60 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s"),
                _ => duration.ToString(duration.Days > 0 ? @"d\.hh\:mm\:ss" : @"h\:mm\:ss", CultureInfo.InvariantCulture),
            };
        }

        return text;
    }

    private static string EscapeControls(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static HashSet<Type> ParseTypes(string[] names) => [.. names.Select(name => EventCatalog.Find(name)
        ?? throw new UsageException($"Unknown event type '{name}'. Known: {string.Join(", ", EventCatalog.All.Select(t => t.Name))}."))];

    private static EventCategory? ParseCategory(string? text) =>
        text is null ? null
        : Enum.TryParse<EventCategory>(text, ignoreCase: true, out var category) && Enum.IsDefined(category) ? category
        : throw new UsageException($"Unknown category '{text}'. Known: context, health, cache, chat.");

    private static DateTimeOffset? ParseSince(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var unit = text.Length > 0 ? char.ToLowerInvariant(text[^1]) : ' ';
        var scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        if (scale > 0 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            return TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(amount * scale);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when
            : throw new UsageException($"Cannot read --since '{text}': give a duration (30s, 10m, 2h, 1d) or a time (2026-11-27T10:00Z).");
    }
}
