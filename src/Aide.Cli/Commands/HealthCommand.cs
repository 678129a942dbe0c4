using System.CommandLine;
using Aide.Configuration;

namespace Aide.Cli.Commands;

/// <summary><c>aide health</c>: the health of every component, breaker states and predictions; <c>--timing</c> measures the scheduler.</summary>
internal static class HealthCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var timing = new Option<bool>("--timing") { Description = "Measure the health scheduler: run an empty check every --period for --duration and print tick lateness percentiles." };
        var period = new Option<string>("--period") { Description = "With --timing: the check's period (default 100ms).", HelpName = "DURATION", DefaultValueFactory = _ => "100ms" };
        var duration = new Option<string>("--duration") { Description = "How long --timing or --watch runs (default 10s for --timing, until Ctrl+C for --watch).", HelpName = "DURATION" };
        var clock = new Option<string>("--clock") { Description = "With --timing: precise (default; the deadline thread) or system (.NET's timer queue, for comparison).", HelpName = "CLOCK", DefaultValueFactory = _ => "precise" };
        clock.AcceptOnlyFromAmong("precise", "system");
        var command = new Command("health", "Health of providers, store, cache, memory and disk, with breaker states and predictions; --timing measures the scheduler.")
        {
            json, timing, period, duration, clock,
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

                throw new UsageException("Health checks are coming next; use --timing.");
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
