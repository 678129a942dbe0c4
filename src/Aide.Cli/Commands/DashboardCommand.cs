using System.CommandLine;
using System.Diagnostics;
using System.Net;
using Aide.Cli.Configuration;

namespace Aide.Cli.Commands;

/// <summary>
/// <c>aide dashboard</c>: prints the URL of the web dashboard of the <c>aide serve</c> on the address (default
/// 127.0.0.1:8088); when none answers there, serves one itself, on loopback only, until Ctrl+C. Opens the browser
/// only with <c>--open</c>.
/// </summary>
internal static class DashboardCommand
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public static Command Create(CliConsole console)
    {
        var listen = new Option<string>("--listen") { Description = "Where the server is, or will listen (loopback only).", HelpName = "ADDRESS:PORT", DefaultValueFactory = _ => ServeCommand.DefaultListen };
        var open = new Option<bool>("--open") { Description = "Also open the dashboard in the default browser." };
        var options = new ChatOptions();
        var command = new Command("dashboard", "Show the web dashboard (health, providers, live events, cache, conversations, usage, benchmarks): prints its URL, starting a loopback server when none runs.");
        command.Options.Add(listen);
        command.Options.Add(open);
        command.Options.Add(options.Provider);
        command.Options.Add(options.Model);
        command.Options.Add(options.NoCache);
        command.SetAction((result, cancellationToken) => RunAsync(
            console, result.GetValue(listen)!, result.GetValue(open), options.ToOverrides(result), options.ToCacheMode(result), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, string listen, bool open, AideSettingsOverrides overrides, Caching.ChatCacheMode cacheMode, CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = ServeCommand.ParseListen(listen, hasKeys: true); // refused below when not loopback, keys or not
            if (!IPAddress.IsLoopback(endpoint.Address))
            {
                throw new UsageException($"--listen {listen}: aide dashboard serves on loopback only; to serve beyond this machine use aide serve --listen (with access keys).");
            }

            var home = new Uri($"http://{endpoint}/");
            if (await IsServingAsync(home, cancellationToken))
            {
                Announce(console, home, open, "served by the aide serve already running there");
                return ExitCodes.Ok;
            }

            var keys = KeysCommand.Store(console);
            var limits = new ServeCommand.ServeLimits(TimeSpan.FromSeconds(10), 4L << 20, History: false);
            return await ServeCommand.ServeAsync(console, endpoint, keys, limits, overrides, cacheMode, url => Announce(console, url, open, "served by this process; Ctrl+C stops it"), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
    }

    private static void Announce(CliConsole console, Uri home, bool open, string how)
    {
        console.Out.WriteLine($"Aide's dashboard: {home} ({how})");
        console.Out.Flush();
        if (open)
        {
            OpenBrowser(console, home);
        }
    }

    /// <summary>Whether an aide serve answers its liveness probe there (a bounded wait: nothing listening is the usual case).</summary>
    private static async Task<bool> IsServingAsync(Uri home, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = ProbeTimeout };
        try
        {
            using var response = await http.GetAsync(new Uri(home, "healthz"), cancellationToken);
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync(cancellationToken) == "ok";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void OpenBrowser(CliConsole console, Uri home)
    {
        var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? "explorer" : "xdg-open";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(opener, home.ToString()) { UseShellExecute = false, RedirectStandardError = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            console.WriteWarning($"could not open a browser ({opener}: {CliText.Clause(e.Message)}); open {home} yourself.");
        }
    }
}
