using System.CommandLine;
using Aide.Cli.Configuration;
using Aide.Configuration;

namespace Aide.Cli.Commands;

/// <summary><c>aide health</c>: the health of every component, breaker states and predictions; <c>--timing</c> measures the scheduler.</summary>
internal static class HealthCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var timing = new Option<bool>("--timing") { Description = "Measure the health scheduler: run an empty check every --period for --duration and print tick lateness percentiles." };
        var period = new Option<string>("--period") { Description = "With --timing: the check's period.", HelpName = "DURATION", DefaultValueFactory = _ => "100ms" };
        var duration = new Option<string>("--duration") { Description = "How long --timing or --watch runs (default 10s for --timing, until Ctrl+C for --watch).", HelpName = "DURATION" };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep checking on each check's schedule and redraw (the default on a terminal); Ctrl+C stops." };
        var once = new Option<bool>("--once") { Description = "Run every check once and print the result, even on a terminal." };
        var options = new ChatOptions();
        var clock = new Option<string>("--clock") { Description = "With --timing: precise (the deadline thread) or system (.NET's timer queue, for comparison).", HelpName = "CLOCK", DefaultValueFactory = _ => "precise" };
        clock.AcceptOnlyFromAmong("precise", "system");
        var command = new Command("health", "Health of providers, store, cache, memory and disk, with breaker states and predictions; --timing measures the scheduler.")
        {
            json, watch, once, timing, period, duration, clock, options.Provider,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                if (result.GetValue(timing))
                {
                    return await HealthTiming.RunAsync(
                        console,
                        ParseDuration(result.GetValue(period)!, "--period", TimeSpan.FromMinutes(10)),
                        result.GetValue(duration) is { } d ? ParseDuration(d, "--duration", TimeSpan.FromDays(1)) : TimeSpan.FromSeconds(10),
                        result.GetValue(clock) == "system",
                        result.GetValue(json),
                        cancellationToken);
                }

                var live = result.GetValue(watch) || (!result.GetValue(once) && !result.GetValue(json) && !Console.IsOutputRedirected);
                var limit = result.GetValue(duration) is { } w ? ParseDuration(w, "--duration", TimeSpan.FromDays(365)) : (TimeSpan?)null;
                return await HealthRun.RunAsync(console, options.ToOverrides(result), live, limit, result.GetValue(json), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ErrorReporter.Report(console, ex, result.GetValue(json));
            }
        });
        return command;
    }

    /// <summary>Parses a duration option (30s, 100ms, 2m); a bad value is a usage error naming the option.</summary>
    internal static TimeSpan ParseDuration(string text, string option, TimeSpan max)
    {
        try
        {
            return SettingParsers.Duration(new SettingValue(text, $"option {option}"), option, max);
        }
        catch (AideConfigurationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
