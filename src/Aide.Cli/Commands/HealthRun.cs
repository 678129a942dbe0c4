using System.Text.Json;
using Aide.Caching;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Configuration;
using Aide.Conversations.Store;
using Aide.Health;
using Aide.Health.Scheduling;
using Spectre.Console;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide health</c>: builds the built-in checks over the configured providers (sharing the run's breakers and bus,
/// so health events reach the journal), then either runs them once and prints, or schedules them and redraws.
/// </summary>
internal static class HealthRun
{
    public static async Task<int> RunAsync(CliConsole console, AideSettingsOverrides overrides, bool live, TimeSpan? limit, bool json, CancellationToken cancellationToken)
    {
        var settings = ProviderSelector.LoadSettings(console, overrides);
        IReadOnlyList<ProviderSettings> providers;
        try
        {
            providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
        }
        catch (NoProviderException)
        {
            providers = []; // health still reports store, cache, memory and disk
        }

        await using var runtime = new ChatRuntime(console, settings);
        var paths = AidePaths.Resolve(console.Environment);

        // Only an existing cache is opened: checking health must not create files.
        using var cache = settings.Cache && File.Exists(Path.Combine(paths.CacheDirectory, ResponseCache.FileName))
            ? ChatRuntime.OpenCache(console, settings, runtime.Bus, runtime.LoggerFactory)
            : null;
        // What the providers' chats did lately, in this process and (from the journal) in the commands before it.
        using var calls = RecentCalls(console, runtime.Bus);
        var checks = Checks(providers, paths, runtime, cache, calls);
        try
        {
            var options = new HealthMonitorOptions { AutoRecovery = live };
            await using var monitor = new HealthMonitor(checks, options, runtime.Bus, timeProvider: PreciseTimeProvider.Instance, loggerFactory: runtime.LoggerFactory);
            if (!live)
            {
                var snapshot = await monitor.CheckAllAsync(cancellationToken);
                if (json)
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(HealthView.ToJson(snapshot, runtime.Circuits.All), CliJsonContext.Readable.HealthJson));
                }
                else
                {
                    console.AnsiOut.Write(HealthView.Render(snapshot, runtime.Circuits.All, console.AnsiOut.Profile.Width));
                    if (providers.Count == 0)
                    {
                        console.WriteWarning("No provider is configured or detected; add one with --provider KIND=ADDRESS or aide config.");
                    }
                }

                return snapshot.Level >= HealthLevel.Unhealthy ? ExitCodes.Unhealthy : ExitCodes.Ok;
            }

            return await WatchAsync(console, monitor, runtime, limit, json, cancellationToken);
        }
        finally
        {
            AideHealthChecks.DisposeAll(checks);
        }
    }

    /// <summary>The engine's checks, then the data and cache folders' space, and the stores' files and the cache.</summary>
    public static List<HealthCheckEntry> Checks(IReadOnlyList<ProviderSettings> providers, AidePaths paths, ChatRuntime runtime, ResponseCache? cache, ProviderCallHistory calls)
    {
        var memoryRepairs = cache is null ? null : new[] { ResponseCacheHealth.Trim(cache) };
        List<HealthCheckEntry> checks =
        [
            .. AideHealthChecks.Create(providers, runtime.Circuits, runtime.Bus, PreciseTimeProvider.Instance, calls, memoryRepairs, runtime.Providers),
            AideHealthChecks.DiskSpace("disk data", paths.DataDirectory),
            AideHealthChecks.DiskSpace("disk cache", paths.CacheDirectory),
            ConversationStoreHealth.Entry(SqliteConversationStore.DefaultPath(paths.DataDirectory)),
            ResponseCacheHealth.FileEntry(paths.CacheDirectory),
        ];
        if (cache is not null)
        {
            checks.Add(ResponseCacheHealth.Entry(cache));
        }

        return checks;
    }

    /// <summary>The providers' recent chat outcomes: live from <paramref name="bus"/>, and the journal's newest events (a megabyte at most).</summary>
    public static ProviderCallHistory RecentCalls(CliConsole console, Events.IEventBus? bus)
    {
        var calls = new ProviderCallHistory(bus);
        calls.Add(new Events.Journal.EventJournalReader(ChatRuntime.JournalDirectory(console)).ReadRecent(1 << 20));
        return calls;
    }

    /// <summary>Schedules the checks and redraws every second (or prints one JSON line per second with --json) until Ctrl+C or the limit.</summary>
    private static async Task<int> WatchAsync(CliConsole console, HealthMonitor monitor, ChatRuntime runtime, TimeSpan? limit, bool json, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit is { } l)
        {
            stop.CancelAfter(l);
        }

        monitor.Start();
        try
        {
            if (json || !console.AnsiOut.Profile.Capabilities.Interactive)
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                    var line = json
                        ? JsonSerializer.Serialize(HealthView.ToJson(monitor.Snapshot(), runtime.Circuits.All), CliJsonContext.Readable.HealthJson)
                        : null;
                    if (line is not null)
                    {
                        await console.Out.WriteLineAsync(line);
                    }
                }
            }

            await console.AnsiOut.Live(HealthView.Render(monitor.Snapshot(), runtime.Circuits.All, console.AnsiOut.Profile.Width)).StartAsync(async context =>
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                    context.UpdateTarget(HealthView.Render(monitor.Snapshot(), runtime.Circuits.All, console.AnsiOut.Profile.Width));
                }
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or --duration: a normal end.
        }

        if (!json && !console.AnsiOut.Profile.Capabilities.Interactive)
        {
            console.AnsiOut.Write(HealthView.Render(monitor.Snapshot(), runtime.Circuits.All, console.AnsiOut.Profile.Width));
        }

        return ExitCodes.Ok;
    }
}
