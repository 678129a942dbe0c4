using System.CommandLine;
using System.Globalization;
using Aide.Cli.Configuration;
using Aide.Server.Access;

namespace Aide.Cli.Commands;

/// <summary><c>aide keys create|list|revoke</c>: the access keys <c>aide serve</c> requires once any exists.</summary>
internal static class KeysCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("keys", "Access keys for aide serve: once one exists, every request needs Authorization: Bearer KEY, and serve may listen beyond loopback.");
        command.Subcommands.Add(CreateKey(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Revoke(console));
        command.Subcommands.Add(SetBudget(console));
        return command;
    }

    private static Command SetBudget(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The key's name." };
        var amount = new Argument<string>("budget") { Description = "AMOUNT/PERIOD (20/month, 5/day, 100/week EUR), or none." };
        var command = new Command("budget", "Set, raise or remove a key's budget: a running server applies it within a second, and a key refused for its spent budget is admitted again once under the new one.") { name, amount };
        command.SetAction(result => Run(console, () =>
        {
            var text = result.GetValue(amount)!;
            var budget = text.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : ParseBudget(text);
            if (!Store(console).SetBudget(result.GetValue(name)!, budget))
            {
                throw new ArgumentException($"There is no key named '{result.GetValue(name)}' (aide keys list).");
            }

            console.Out.WriteLine(budget is null ? $"Removed the budget of '{result.GetValue(name)}'." : $"The budget of '{result.GetValue(name)}' is {budget}.");
        }));
        return command;
    }

    private static Usage.UsageBudget? ParseBudget(string? text)
    {
        try
        {
            return text is null ? null : Usage.UsageBudget.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>The keys file, beside the config file, private to the user.</summary>
    public static AccessKeyStore Store(CliConsole console) =>
        new(Path.Combine(Path.GetDirectoryName(AidePaths.Resolve(console.Environment).ConfigFile)!, "keys.json"));

    private static Command CreateKey(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "A name for the key (letters, digits, '.', '_', '-')." };
        var rpm = new Option<int?>("--rpm") { Description = "Requests allowed per minute with this key (default: no limit).", HelpName = "N" };
        var tpm = new Option<int?>("--tpm") { Description = "Tokens (prompt and answer) allowed per minute with this key (default: no limit).", HelpName = "N" };
        var budget = new Option<string?>("--budget") { Description = "What requests with this key may spend per period: 20/month, 5/day, 100/week EUR (80 % warns, 100 % refuses with 429 insufficient_quota).", HelpName = "AMOUNT/PERIOD" };
        var command = new Command("create", "Create a key and print it once: only a salted hash is stored.") { name, rpm, tpm, budget };
        command.SetAction(result => Run(console, () =>
        {
            var (record, key) = Store(console).Create(result.GetValue(name)!, result.GetValue(rpm), result.GetValue(tpm), ParseBudget(result.GetValue(budget)));
            console.Out.WriteLine(key);
            var limits = Limits(record);
            console.Error.WriteLine($"Created key '{record.Name}'{(limits == "no limit" ? string.Empty : $" ({limits})")}. It is shown only now: keep it somewhere safe.");
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List the keys: name, limit, created (never the key).");
        command.SetAction(_ => Run(console, () =>
        {
            var keys = Store(console).List();
            if (keys.Count == 0)
            {
                console.Out.WriteLine("No access keys: aide serve is open to any local client (and listens on loopback only).");
            }

            foreach (var key in keys)
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.Name}\t{Limits(key)}\tcreated {key.Created:yyyy-MM-dd HH:mm} UTC"));
            }
        }));
        return command;
    }

    /// <summary>A key's limits as people read them: "60 requests/min, 10000 tokens/min", or "no limit".</summary>
    private static string Limits(AccessKey key)
    {
        string?[] parts =
        [
            key.RequestsPerMinute is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r} requests/min") : null,
            key.TokensPerMinute is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t} tokens/min") : null,
            key.Budget is { } b ? $"budget {b}" : null,
        ];
        return parts.Any(p => p is not null) ? string.Join(", ", parts.OfType<string>()) : "no limit";
    }

    private static Command Revoke(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The key's name." };
        var command = new Command("revoke", "Revoke a key: a running server refuses it within a second.") { name };
        command.SetAction(result => Run(console, () =>
        {
            if (!Store(console).Revoke(result.GetValue(name)!))
            {
                throw new ArgumentException($"There is no key named '{result.GetValue(name)}' (aide keys list).");
            }

            console.Out.WriteLine($"Revoked '{result.GetValue(name)}'. A running aide serve refuses it within a second.");
        }));
        return command;
    }

    private static int Run(CliConsole console, Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            console.Error.WriteLine("aide: " + e.Message.Split(" (Parameter", 2)[0]);
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Storage.InputFileException)
        {
            return ErrorReporter.Report(console, e, json: false);
        }
    }
}
