using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Aide.Conversations.Store;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide history doctor [--repair]</c>: checks the conversation database and the damaged copies kept beside it, says
/// what is damaged and what can be saved, and with <c>--repair</c> brings back what can be read (keeping the damaged
/// files). Works on the files directly: opening the store would set a damaged file aside before it could be looked at.
/// </summary>
internal static class HistoryDoctor
{
    public static Command Create(CliConsole console)
    {
        var repair = new Option<bool>("--repair") { Description = "Recover what can be read: rebuild a damaged database into a fresh file and bring back the conversations of set-aside copies (the damaged files are kept)." };
        var json = new Option<bool>("--json") { Description = "Print the findings as JSON." };
        var command = new Command("doctor", "Check the conversation database and any damaged copies kept beside it; --repair recovers what can be read.") { repair, json };
        command.SetAction((result, ct) => RunAsync(console, result.GetValue(repair), result.GetValue(json), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, bool repair, bool json, CancellationToken cancellationToken)
    {
        try
        {
            var path = SqliteConversationStore.DefaultPath(AidePaths.Resolve(console.Environment).DataDirectory);
            var check = await ConversationStoreDoctor.CheckAsync(path, cancellationToken);
            if (!repair || check.IsHealthy)
            {
                if (json)
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(DoctorJson.From(check, null), CliJsonContext.Readable.DoctorJson));
                }
                else
                {
                    Describe(console, check);
                }

                return check.IsHealthy ? ExitCodes.Ok : ExitCodes.Unhealthy;
            }

            var done = await ConversationStoreDoctor.RepairAsync(path, TimeProvider.System, cancellationToken);
            var after = await ConversationStoreDoctor.CheckAsync(path, cancellationToken);
            if (json)
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(DoctorJson.From(after, done), CliJsonContext.Readable.DoctorJson));
            }
            else
            {
                Describe(console, done);
            }

            return after.IsHealthy ? ExitCodes.Ok : ExitCodes.Unhealthy;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.WriteError($"The doctor could not work on the conversation files: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }
    }

    private static void Describe(CliConsole console, StoreCheck check)
    {
        var output = console.Out;
        output.WriteLine(!check.Exists ? $"{check.Path}: not created yet."
            : check.Problem is null ? $"{check.Path}: ok."
            : $"{check.Path} is damaged: {check.Problem}. {Contents(check.Readable)} can be read.");
        foreach (var kept in check.Kept)
        {
            output.WriteLine(kept.Kind == KeptCopyKind.Database
                ? $"Set aside as damaged: {kept.Path} ({ByteSize.Format(kept.Bytes)}): {Contents(kept.Readable)} can be read{(kept.Detail is null ? string.Empty : $" ({kept.Detail})")}."
                : $"A damaged write-ahead log was kept: {kept.Path} ({ByteSize.Format(kept.Bytes)}): {kept.Detail}.");
        }

        if (!check.IsHealthy)
        {
            output.WriteLine("Run aide history doctor --repair to bring back what can be read; the damaged files are kept (renamed .recovered-…/.kept-…).");
        }
    }

    private static void Describe(CliConsole console, StoreRepair done)
    {
        var output = console.Out;
        if (done.RebuiltFrom is { } kept)
        {
            output.WriteLine($"Rebuilt {done.Path} from what could be read; the damaged file is kept as {kept}.");
        }

        if (done.ConversationsRecovered > 0 || done.Renamed.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Brought back {done.ConversationsRecovered} conversations ({done.MessagesRecovered} messages)."));
        }

        foreach (var renamed in done.Renamed)
        {
            output.WriteLine($"Kept: {renamed}");
        }

        foreach (var problem in done.Problems)
        {
            console.WriteWarning(problem);
        }
    }

    private static string Contents(StoreContents? contents) => contents is null ? "nothing"
        : string.Create(CultureInfo.InvariantCulture, $"{contents.Conversations} conversations, {contents.Messages} messages and {contents.Items} context items");
}
