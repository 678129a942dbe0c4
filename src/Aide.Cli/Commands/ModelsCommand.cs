using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aide.Cli.Chat;
using Aide.Cli.Output;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Diagnostics;
using Aide.Models;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary><c>aide models</c>: the GGUF models in the data folder, for the local provider (<c>--provider local=NAME</c>).</summary>
internal static class ModelsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("models", "Local GGUF models: list, pull, rm, info. Use one with --provider local=NAME.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Pull(console));
        command.Subcommands.Add(Remove(console));
        command.Subcommands.Add(Info(console));
        return command;
    }

    private static ModelStore Store(CliConsole console)
    {
        ProviderSelector.WarnAboutOpenFolders(console);
        return new ModelStore(AidePaths.Resolve(console.Environment).ModelsDirectory);
    }

    private static Command List(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "The models downloaded, partial downloads, and the aliases 'pull' knows.") { json };
        command.SetAction(result =>
        {
            var store = Store(console);
            var models = store.List();
            var pulled = models.Select(m => m.Path).ToHashSet(StringComparer.Ordinal);
            var partial = Directory.Exists(store.Directory)
                ? Directory.EnumerateFiles(store.Directory, "*" + ModelStore.Extension + ModelStore.PartialExtension).Select(p => new FileInfo(p)).ToList()
                : [];
            if (result.GetValue(json))
            {
                var document = new ModelsJson(
                    store.Directory,
                    [.. models.Select(m => new ModelJson(m.Name, m.Path, m.Bytes, m.Modified))],
                    [.. partial.Select(p => new PartialJson(p.FullName, p.Length))],
                    [.. ModelAlias.All.Select(a => new AliasJson(a.Name, a.Url.ToString(), a.Description, pulled.Contains(Path.Combine(store.Directory, a.FileName))))]);
                console.Out.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Readable.ModelsJson));
                return ExitCodes.Ok;
            }

            if (models.Count == 0)
            {
                console.Out.WriteLine($"No models in {store.Directory} yet. Download the default one: aide models pull {ModelAlias.Default.Name}");
            }
            else
            {
                // One line per model, its name whole: the name is what --provider local=NAME takes.
                var rows = models.Select(m => new[] { m.Name, ByteSize.Format(m.Bytes), m.Modified.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) }).ToList();
                console.AnsiOut.Write(OneLineTable.Create(console.AnsiOut.Profile.Width, ["Name", "Size", "Modified"], textColumn: 0, rows, wrapText: true));
                console.Out.WriteLine($"Use one with: aide ask --provider local={models[0].Name} \"hello\"");
            }

            foreach (var part in partial)
            {
                console.Out.WriteLine($"Partial download (resumed by pulling again): {part.FullName} ({ByteSize.Format(part.Length)})");
            }

            console.Out.WriteLine("Aliases for 'aide models pull':");
            foreach (var alias in ModelAlias.All)
            {
                var mark = pulled.Contains(Path.Combine(store.Directory, alias.FileName)) ? " (downloaded)" : string.Empty;
                console.Out.WriteLine($"  {alias.Name,-14} {alias.Description}{mark}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Pull(CliConsole console)
    {
        var source = new Argument<string>("model") { Description = $"An alias (e.g. {ModelAlias.DefaultName}) or the https:// URL of a .gguf file." };
        var sha = new Option<string?>("--sha256") { Description = "The file's expected SHA-256; by default the one the server publishes (Hugging Face does), if any." };
        var name = new Option<string?>("--name") { Description = "The file name to save it under (default: the URL's)." };
        var force = new Option<bool>("--force") { Description = "Download again even if the model is already there." };
        var command = new Command("pull", "Download a GGUF model into the data folder: resumes partial downloads, verifies the SHA-256, never leaves a half file under the final name.") { source, sha, name, force };
        command.SetAction((result, ct) => PullAsync(console, result.GetValue(source)!, result.GetValue(sha), result.GetValue(name), result.GetValue(force), ct));
        return command;
    }

    public static async Task<int> PullAsync(CliConsole console, string source, string? sha256, string? name, bool force, CancellationToken cancellationToken)
    {
        var store = Store(console);
        var alias = ModelAlias.Find(source);
        if (alias is null && !(Uri.TryCreate(source, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)))
        {
            console.WriteError($"'{AddressRedactor.Redact(source)}' is neither an alias ({string.Join(", ", ModelAlias.All.Select(a => a.Name))}) nor an http(s) URL of a .gguf file.");
            return ExitCodes.UsageError;
        }

        if (sha256 is not null && !ModelDownloader.IsSha256(sha256))
        {
            console.WriteError($"--sha256 '{sha256}' is not a SHA-256: expected 64 hexadecimal digits.");
            return ExitCodes.UsageError;
        }

        var url = alias?.Url ?? new Uri(source);
        string destination;
        try
        {
            destination = store.PathFor(name ?? alias?.FileName ?? Uri.UnescapeDataString(url.Segments[^1]));
        }
        catch (ArgumentException ex)
        {
            console.WriteError($"Cannot name the model file: {ex.Message} Choose one with --name.");
            return ExitCodes.UsageError;
        }

        if (File.Exists(destination))
        {
            if (!force)
            {
                console.Out.WriteLine($"Already downloaded: {destination} (use --force to download again).");
                return ExitCodes.Ok;
            }

            // Kept until the new download is verified: a failed one leaves the good copy where it was.
        }

        using var interrupts = new InterruptHandler();
        var download = interrupts.BeginTurn(cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15), AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("aide/" + typeof(ModelsCommand).Assembly.GetName().Version?.ToString(3));
        var downloader = new ModelDownloader(http);
        try
        {
            var result = await WithProgressAsync(console, Path.GetFileName(destination), progress => downloader.DownloadAsync(url, destination, sha256, progress, download.Token, replace: force));
            var verified = result.VerifiedAgainst is { } against ? $"SHA-256 {result.Sha256} matches {against}" : $"SHA-256 {result.Sha256} (no checksum was published to compare with)";
            var resumed = result.ResumedFrom > 0 ? $", resumed from {ByteSize.Format(result.ResumedFrom)}" : string.Empty;
            console.Out.WriteLine($"Downloaded {result.Path} ({ByteSize.Format(result.Bytes)}{resumed}). {verified}.");
            console.Out.WriteLine($"Use it: aide ask --provider local={Path.GetFileNameWithoutExtension(result.Path)} \"hello\"");
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (download.IsCancellationRequested)
        {
            var partial = destination + ModelStore.PartialExtension;
            var kept = File.Exists(partial) ? new FileInfo(partial).Length : 0;
            console.Error.WriteLine($"Download interrupted; {ByteSize.Format(kept)} kept in {partial}. Run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        catch (ModelDownloadException ex)
        {
            console.WriteError(ex.Message);
            return ex.StatusCode is 404 ? ExitCodes.UsageError : ExitCodes.ProviderError;
        }
        finally
        {
            interrupts.EndTurn(download);
        }
    }

    /// <summary>A progress bar on a terminal; otherwise a line at every tenth, so logs of scripted pulls stay short.</summary>
    private static async Task<ModelDownloadResult> WithProgressAsync(CliConsole console, string label, Func<IProgress<DownloadProgress>, Task<ModelDownloadResult>> run)
    {
        if (!console.IsErrorRedirected)
        {
            ModelDownloadResult? result = null;
            await console.AnsiError.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                    result = await run(new InlineProgress(p =>
                    {
                        task.MaxValue = p.Total ?? Math.Max(p.Received, 1);
                        task.Value = p.Received;
                    }));
                });
            return result!;
        }

        var lastTenth = -1L;
        return await run(new InlineProgress(p =>
        {
            var tenth = p.Total is > 0 and var total ? p.Received * 10 / total : -1;
            if (tenth != lastTenth && tenth >= 0)
            {
                lastTenth = tenth;
                console.Error.WriteLine($"{label}: {ByteSize.Format(p.Received)} of {ByteSize.Format(p.Total ?? 0)} ({tenth * 10}%){(p.ResumedFrom > 0 ? $", resumed from {ByteSize.Format(p.ResumedFrom)}" : string.Empty)}");
            }
        }));
    }

    private static Command Remove(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "The model's name (as 'aide models list' shows it) or alias." };
        var command = new Command("rm", "Delete a downloaded model (and any partial download of it).") { model };
        command.SetAction(result =>
        {
            var name = result.GetValue(model)!;
            try
            {
                if (Store(console).Remove(name) is { } removed)
                {
                    console.Out.WriteLine($"Removed {removed}.");
                    return ExitCodes.Ok;
                }

                console.WriteError($"No model named '{name}'; 'aide models list' shows them.");
                return ExitCodes.UsageError;
            }
            catch (ArgumentException ex)
            {
                console.WriteError(ex.Message);
                return ExitCodes.UsageError;
            }
        });
        return command;
    }

    private static Command Info(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "A model's name, alias or file path." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var hash = new Option<bool>("--sha256") { Description = "Also compute the file's SHA-256 (reads the whole file)." };
        var template = new ChatOptions().Template;
        var command = new Command("info", "What a GGUF model file says about itself: architecture, parameters, context length, chat template, memory needed.") { model, json, hash, template };
        command.SetAction(async (result, ct) =>
        {
            var name = result.GetValue(model)!;
            var store = Store(console);
            var path = store.Find(name);
            if (path is null)
            {
                console.WriteError($"No model '{name}': not a file, nor a model in {store.Directory}. 'aide models list' shows them.");
                return ExitCodes.UsageError;
            }

            GgufFile file;
            try
            {
                file = GgufFile.Read(path);
            }
            catch (InvalidModelFileException ex)
            {
                console.WriteError(ex.Message);
                return ExitCodes.ConfigurationError;
            }

            // The template it would be prompted with under this run's settings (template, AIDE_TEMPLATE, --template).
            string templateName, templateReason;
            try
            {
                var settings = Chat.ProviderSelector.LoadSettings(console, new AideSettingsOverrides { Template = result.GetValue(template) });
                var (chosen, why) = ChatTemplates.Resolve(file, settings.Template);
                (templateName, templateReason) = (ChatTemplates.NameOf(chosen), why);
            }
            catch (InvalidModelFileException ex)
            {
                (templateName, templateReason) = ("none", ex.Message);
            }
            catch (AideConfigurationException ex)
            {
                console.WriteError(ex.Message);
                return ExitCodes.ConfigurationError;
            }

            var context = Math.Min(file.ContextLength ?? 4096, 4096);
            string? sha = null;
            if (result.GetValue(hash))
            {
                await using var stream = File.OpenRead(path);
                sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, ct));
            }

            var info = new ModelInfoJson(
                Path.GetFileNameWithoutExtension(path), path, file.FileLength, file.Architecture, file.Name, file.ParameterCount, file.ContextLength,
                file.HasChatTemplate, templateName, templateReason, file.Version, file.TensorCount, file.TensorDataBytes, context, file.EstimateKvCacheBytes(context), sha);
            if (result.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(info, CliJsonContext.Readable.ModelInfoJson));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("", "").HideHeaders();
            table.AddRow("File", Markup.Escape($"{path} ({ByteSize.Format(file.FileLength)})"));
            table.AddRow("Name", Markup.Escape(file.Name ?? "-"));
            table.AddRow("Architecture", Markup.Escape(file.Architecture ?? "unknown"));
            table.AddRow("Parameters", (file.ParameterCount / 1e6).ToString("N1", CultureInfo.InvariantCulture) + " M");
            table.AddRow("Trained context", file.ContextLength?.ToString("N0", CultureInfo.InvariantCulture) ?? "-");
            table.AddRow("Chat template", Markup.Escape($"{templateName}: {templateReason}"));
            table.AddRow("Memory", $"{ByteSize.Format(file.TensorDataBytes)} weights + {ByteSize.Format(info.KvCacheBytes)} KV cache at {context:N0} tokens");
            table.AddRow("Format", $"GGUF v{file.Version}, {file.TensorCount:N0} tensors");
            if (sha is not null)
            {
                table.AddRow("SHA-256", sha);
            }

            console.AnsiOut.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool, so reports could arrive after the download ended; this reports inline.</summary>
    private sealed class InlineProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
