using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Caching;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Storage;
using Aide.Turns;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide cache</c>: statistics, warming, export, invalidation and clearing of the response cache.</summary>
internal static class CacheCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("cache", "The response cache: stats, warm, export, invalidate, clear.");
        command.Subcommands.Add(Stats(console));
        command.Subcommands.Add(Warm(console));
        command.Subcommands.Add(Export(console));
        command.Subcommands.Add(Invalidate(console));
        command.Subcommands.Add(Clear(console));
        return command;
    }

    private static Command Stats(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("stats", "Entries, sizes, real compression ratio, hit ratio and evictions of the response cache.") { json };
        command.SetAction((result, ct) => RunAsync(console, result.GetValue(json), async cache =>
        {
            var s = cache.GetStatistics();
            if (result.GetValue(json))
            {
                var document = new CacheJsonStats(
                    s.DiskPath, s.DiskProblem is null && s.DiskPath is not null, s.DiskProblem, s.DiskEntries, s.DiskStoredBytes, s.DiskOriginalBytes,
                    Math.Round(s.CompressionRatio, 4), s.DiskFileBytes, s.DiskEntriesByCodec.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
                    s.MemoryHits, s.DiskHits, s.Misses, Math.Round(s.HitRatio, 4), s.Evictions, s.Expirations, s.CorruptEntries,
                    s.Codec.ToString().ToLowerInvariant(), s.Policy.ToString().ToLowerInvariant(), s.DiskMaxBytes);
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(document, CliJsonContext.Readable.CacheJsonStats));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("", "").HideHeaders();
            table.AddRow("File", Markup.Escape(s.DiskPath ?? "-") + (s.DiskProblem is { } p ? $" [yellow](off: {Markup.Escape(p)})[/]" : string.Empty));
            table.AddRow("Entries", s.DiskEntries.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Stored", $"{ByteSize.Format(s.DiskStoredBytes)} of {ByteSize.Format(s.DiskMaxBytes)} (file {ByteSize.Format(s.DiskFileBytes)})");
            table.AddRow("Original", ByteSize.Format(s.DiskOriginalBytes));
            var byCodec = string.Join(", ", s.DiskEntriesByCodec.Select(c => $"{c.Value:N0} {c.Key.ToString().ToLowerInvariant()}"));
            table.AddRow("Compression", (s.DiskOriginalBytes == 0 ? "-" : $"{s.CompressionRatio:0.###} stored/original") +
                $" ({s.Codec.ToString().ToLowerInvariant()} for new entries" + (byCodec.Length > 0 ? $"; stored: {byCodec})" : ")"));
            table.AddRow("Hits", $"{s.MemoryHits + s.DiskHits:N0} ({s.MemoryHits:N0} memory, {s.DiskHits:N0} disk)");
            table.AddRow("Misses", s.Misses.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Hit ratio", s.HitRatio.ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow("Evicted", $"{s.Evictions:N0} for room ({s.Policy.ToString().ToUpperInvariant()}), {s.Expirations:N0} expired, {s.CorruptEntries:N0} damaged");
            console.AnsiOut.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Warm(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "A file of prompts (one per line; # comments), or a cache written by aide cache export." };
        var parallel = new Option<int>("--parallel") { Description = "Prompts asked at once (1-32).", DefaultValueFactory = _ => 4 };
        parallel.AddValidator(r =>
        {
            if (r.GetValue(parallel) is < 1 or > 32)
            {
                r.AddError("--parallel must be from 1 to 32.");
            }
        });
        var options = new ChatOptions();
        var command = new Command("warm", "Fill the cache ahead of use: ask each prompt of FILE (as aide ask would), or import an exported cache.") { file, parallel };
        options.AddTo(command);
        command.SetAction((result, ct) => WarmAsync(console, result.GetValue(file)!, result.GetValue(parallel), options.ToOverrides(result), ct));
        return command;
    }

    /// <summary>
    /// What <c>aide ask</c> sends for a question that starts a conversation: with history on, the context items that
    /// apply to every conversation go with it, so they are part of the cache key and must be in the warmed request too.
    /// </summary>
    private static Func<string, CancellationToken, Task<ChatTurnRequest>> FirstTurnRequests(IConversationStore? store, AideSettings settings, ProviderSettings provider)
    {
        if (store is null)
        {
            return (prompt, _) => Task.FromResult(new ChatTurnRequest { Question = prompt, SystemPrompt = settings.SystemPrompt });
        }

        // Without the runtime, so without its event bus: a warmed prompt is not a turn of any conversation.
        var options = ConversationHost.SessionOptions(settings, provider.Model, runtime: null, provider.Kind);
        return async (prompt, ct) => new ChatTurnRequest { Messages = [.. await ConversationSession.FirstTurnMessagesAsync(store, prompt, settings.SystemPrompt, options, ct)] };
    }

    /// <summary>The largest file of prompts read (64 MiB): prompts are lines of text, sent one by one.</summary>
    private const long MaxPromptFileBytes = 64L << 20;

    private static void CheckInput(string path)
    {
        try
        {
            InputFile.Check(path, ResponseCache.MaxImportBytes, "a file of prompts or a cache export");
        }
        catch (InputFileException ex)
        {
            throw new UsageException(Directory.Exists(path)
                ? $"'{path}' is a folder; name a file of prompts, or one written by aide cache export."
                : ex.Message + " Name a file of prompts (one per line), or one written by aide cache export.");
        }
    }

    private static async Task<int> WarmAsync(CliConsole console, string path, int parallelism, AideSettingsOverrides overrides, CancellationToken cancellationToken)
    {
        try
        {
            // A regular file: never a folder, a device (/dev/zero never ends) or a pipe (its open would block).
            CheckInput(path);
            var settings = ProviderSelector.LoadSettings(console, overrides);
            if (!settings.Cache)
            {
                throw new UsageException("The response cache is off (cache is false); turn it on to warm it: aide config set cache true, or AIDE_CACHE=true.");
            }

            await using var input = File.OpenRead(path);
            var head = new byte[8192];
            var headLength = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            input.Position = 0;
            var firstLine = System.Text.Encoding.UTF8.GetString(head, 0, headLength).Split('\n', 2)[0].TrimEnd('\r');
            if (ResponseCache.IsExport(firstLine))
            {
                // Every value must decode to an answer before any is stored; the file's answers are trusted as they are.
                await using var runtime = new ChatRuntime(console, settings, ChatCacheMode.ReadWrite);
                var imported = await runtime.Cache!.ImportAsync(input, ChatCacheEntries.IsAnswer, cancellationToken);
                await console.Out.WriteLineAsync($"Imported {imported.Entries:N0} entries ({ByteSize.Format(imported.Bytes)}); {imported.Skipped:N0} had expired.");
                return ExitCodes.Ok;
            }

            if (InputFile.LooksBinary(head.AsSpan(0, headLength)))
            {
                throw new UsageException($"'{path}' is not text (it holds binary data): write one prompt per line, or give a file written by aide cache export.");
            }

            var prompts = PromptWarmer.ReadPrompts(InputFile.ReadAllText(path, MaxPromptFileBytes, "a prompt file").Split('\n'));
            if (prompts.Count == 0)
            {
                throw new UsageException($"'{path}' has no prompts: write one per line (lines starting with # are skipped).");
            }

            var providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
            await using var chat = new ChatRuntime(console, settings, ChatCacheMode.ReadWrite);
            using var client = chat.CreateClient(providers);
            await using var store = ConversationHost.OpenStore(console, settings, chat.LoggerFactory);
            var requestFor = FirstTurnRequests(store, settings, providers[0]);
            var started = TimeProvider.System.GetTimestamp();
            PromptWarmer.Result outcome;
            if (console.IsErrorRedirected)
            {
                outcome = await PromptWarmer.WarmAsync(client, prompts, requestFor, parallelism, _ => { }, cancellationToken);
            }
            else
            {
                outcome = await console.AnsiError.Progress().AutoClear(true).StartAsync(async context =>
                {
                    var task = context.AddTask("Warming the cache", maxValue: prompts.Count);
                    return await PromptWarmer.WarmAsync(client, prompts, requestFor, parallelism, done => task.Value = done, cancellationToken);
                });
            }

            chat.Cache!.ReportWarmed(outcome.Warmed, outcome.Bytes, TimeProvider.System.GetElapsedTime(started));
            await console.Out.WriteLineAsync($"Warmed {outcome.Warmed:N0} of {prompts.Count:N0} prompts ({outcome.AlreadyCached:N0} already cached, {outcome.Failed:N0} failed).");
            if (outcome.Failed > 0)
            {
                console.WriteError($"{outcome.Failed} prompts failed; the first: {outcome.FirstError}");
                return ExitCodes.ProviderError;
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ErrorReporter.Report(console, ex, false);
        }
    }

    private static Command Export(CliConsole console)
    {
        // FILE as an argument mirrors "aide cache warm FILE"; -o is the history export's spelling. Either names the file.
        var file = new Argument<string?>("file") { Description = "File to write, as -o does.", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output); written privately (0600).", HelpName = "FILE" };
        var command = new Command("export", "Export the cached answers as JSON lines (aide cache warm FILE imports them).") { file, output };
        command.SetAction((result, ct) => RunAsync(console, false, async cache =>
        {
            var (named, optioned) = (result.GetValue(file), result.GetValue(output));
            if (named is not null && optioned is not null && named != optioned)
            {
                throw new UsageException($"Two files to write: '{named}' and -o '{optioned}'; name one.");
            }

            if ((named ?? optioned) is { } path)
            {
                CacheTransferResult? exported = null;
                await PrivateFileWriter.WriteAtomicallyAsync(path, async stream => exported = await cache.ExportAsync(stream, ct), ct);
                await console.Error.WriteLineAsync($"Exported {exported!.Entries:N0} entries ({ByteSize.Format(exported.Bytes)}) to {path}.");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await console.Out.FlushAsync(ct);
                await cache.ExportAsync(stdout, ct);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Invalidate(CliConsole console)
    {
        var key = new Option<string?>("--key") { Description = "Remove the entry with this key (as aide cache export lists them).", HelpName = "KEY" };
        var tag = new Option<string?>("--tag") { Description = "Remove the answers with this tag: provider:KIND or model:NAME.", HelpName = "TAG" };
        var prefix = new Option<string?>("--prefix") { Description = "Remove the entries whose key starts with this prefix.", HelpName = "PREFIX" };
        var command = new Command("invalidate", "Remove cached answers by key, tag or key prefix.") { key, tag, prefix };
        command.AddValidator(r =>
        {
            if (new[] { r.GetValue(key), r.GetValue(tag), r.GetValue(prefix) }.Count(v => v is not null) != 1)
            {
                r.AddError("Give exactly one of --key, --tag or --prefix.");
            }
            else if (r.GetValue(tag) is { } t && !t.Contains(':', StringComparison.Ordinal))
            {
                r.AddError($"Unknown tag '{t}': aide tags each cached answer provider:KIND (e.g. provider:openai) and model:NAME (e.g. model:gpt-4o-mini).");
            }
        });
        command.SetAction((result, ct) => RunAsync(console, false, async cache =>
        {
            var removed = result.GetValue(key) is { } k ? (cache.Invalidate(k) ? 1 : 0)
                : result.GetValue(tag) is { } t ? cache.InvalidateTag(t)
                : cache.InvalidatePrefix(result.GetValue(prefix)!);
            await console.Out.WriteLineAsync($"Removed {removed:N0} cached answers.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Clear(CliConsole console)
    {
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new Command("clear", "Remove every cached answer (asks first).") { yes };
        command.SetAction((result, ct) => RunAsync(console, false, async cache =>
        {
            if (!result.GetValue(yes))
            {
                await console.Out.WriteAsync($"Remove all {cache.GetStatistics().DiskEntries:N0} cached answers? [y/N] ");
                if (console.In.ReadLine()?.Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    await console.Out.WriteLineAsync();
                    console.WriteError("Not cleared. Answer y, or pass --yes to clear without asking.");
                    return ExitCodes.UsageError;
                }
            }

            var (count, bytes) = cache.Clear();
            await console.Out.WriteLineAsync($"Cleared {count:N0} cached answers ({ByteSize.Format(bytes)}).");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Runs a cache command with the configured cache and the event bus, reporting failures as one line and an exit code.</summary>
    private static async Task<int> RunAsync(CliConsole console, bool json, Func<ResponseCache, Task<int>> action)
    {
        try
        {
            var settings = ProviderSelector.LoadSettings(console, new AideSettingsOverrides());
            await using var runtime = new ChatRuntime(console, settings, ChatCacheMode.ReadWrite);
            // With cache=false ask and chat leave the cache alone, but it can still be inspected and emptied.
            using var own = runtime.Cache is null ? ChatRuntime.OpenCache(console, settings, runtime.Bus, runtime.LoggerFactory) : null;
            return await action(runtime.Cache ?? own!);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json);
        }
    }
}
