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
        return command;
    }

    /// <summary>The keys file, beside the config file, private to the user.</summary>
    public static AccessKeyStore Store(CliConsole console) =>
        new(Path.Combine(Path.GetDirectoryName(AidePaths.Resolve(console.Environment).ConfigFile)!, "keys.json"));

    private static Command CreateKey(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "A name for the key (letters, digits, '.', '_', '-')." };
        var rpm = new Option<int?>("--rpm") { Description = "Requests allowed per minute with this key (default: no limit).", HelpName = "N" };
        var tpm = new Option<int?>("--tpm") { Description = "Tokens (prompt and answer) allowed per minute with this key (default: no limit).", HelpName = "N" };
        var command = new Command("create", "Create a key and print it once: only a salted hash is stored.") { name, rpm, tpm };
        command.SetAction(result => Run(console, () =>
        {
            var (record, key) = Store(console).Create(result.GetValue(name)!, result.GetValue(rpm), result.GetValue(tpm));
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
