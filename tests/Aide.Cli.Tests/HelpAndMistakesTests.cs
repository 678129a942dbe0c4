using Aide.Cli.Commands;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>
/// What a new user types first: <c>aide</c> alone prints the help, a group alone runs its everyday subcommand, and a
/// mistyped command is answered with the one that was meant.
/// </summary>
public sealed class HelpAndMistakesTests : IDisposable
{
    private readonly TestHome _home = new();

    [Fact]
    public async Task Aide_alone_prints_the_help_and_succeeds()
    {
        var result = await AideProcess.RunAsync(_home);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Commands:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dashboard", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("models", "list")]
    [InlineData("keys", "list")]
    [InlineData("history", "list")]
    [InlineData("config", "show")]
    public async Task A_group_alone_runs_its_everyday_subcommand(string group, string everyday)
    {
        var alone = await AideProcess.RunAsync(_home, group);
        var spelled = await AideProcess.RunAsync(_home, group, everyday);

        Assert.Equal(0, alone.ExitCode);
        Assert.Equal(spelled.Stdout, alone.Stdout);
        Assert.Equal(spelled.ExitCode, alone.ExitCode);
    }

    [Fact]
    public async Task A_group_with_options_only_passes_them_to_its_everyday_subcommand_and_help_stays_help()
    {
        var json = await AideProcess.RunAsync(_home, "cache", "--json");
        var help = await AideProcess.RunAsync(_home, "cache", "--help");

        Assert.Equal(0, json.ExitCode);
        Assert.StartsWith("{", json.Stdout.TrimStart(), StringComparison.Ordinal); // aide cache stats --json
        Assert.Contains("Commands:", help.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "modls" }, "aide models")]
    [InlineData(new[] { "chta" }, "aide chat")]
    [InlineData(new[] { "hist" }, "aide history")]
    [InlineData(new[] { "models", "lsit" }, "aide models list")]
    public async Task A_mistyped_command_names_the_one_meant(string[] args, string meant)
    {
        var result = await AideProcess.RunAsync(_home, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Did you mean '{meant}'?", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_near_nothing_gets_no_guess()
    {
        var result = await AideProcess.RunAsync(_home, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unrecognized command or argument 'frobnicate'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask", "ask", 0)]
    [InlineData("aks", "ask", 1)] // a swap counts once
    [InlineData("modls", "models", 1)]
    [InlineData("chta", "chat", 1)]
    [InlineData("serv", "serve", 1)]
    [InlineData("xyz", "ask", 3)]
    public void Distance_counts_edits_and_swaps(string typed, string name, int expected) =>
        Assert.Equal(expected, CommandSuggestions.Distance(typed, name));

    [Fact]
    public void Help_shows_each_default_once()
    {
        var console = new CliConsole { Out = TextWriter.Null, Error = TextWriter.Null, In = TextReader.Null, Environment = new Dictionary<string, string?>() };
        var root = AideCommandLine.Build(console, ["--help"]);
        var twice = All(root).SelectMany(c => c.Options.Where(o => o.HasDefaultValue && o.ValueType != typeof(bool) && StatesDefault(o.Description ?? string.Empty))
            .Select(o => $"{c.Name} {o.Name}: {o.Description}")).ToList();

        Assert.Empty(twice); // help adds "[default: …]" itself

        static bool StatesDefault(string text) => System.Text.RegularExpressions.Regex.IsMatch(text, @"\(default|default[;,)]|default [0-9]", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        static IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command command) => [command, .. command.Subcommands.SelectMany(All)];
    }

    [Fact]
    public void No_option_takes_an_enum_whose_help_would_show_names_in_another_case()
    {
        var console = new CliConsole { Out = TextWriter.Null, Error = TextWriter.Null, In = TextReader.Null, Environment = new Dictionary<string, string?>() };
        var root = AideCommandLine.Build(console, ["--help"]);
        var enums = All(root).SelectMany(c => c.Options.Where(o => (Nullable.GetUnderlyingType(o.ValueType) ?? o.ValueType).IsEnum).Select(o => $"{c.Name} {o.Name}")).ToList();

        Assert.Empty(enums); // help would list PascalCase names: lower-case string options with their values in HelpName instead

        static IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command command) => [command, .. command.Subcommands.SelectMany(All)];
    }

    [Fact]
    public async Task Help_names_the_values_as_typed_and_config_set_lists_every_key()
    {
        var kind = await AideProcess.RunAsync(_home, "context", "add", "--help");
        var set = await AideProcess.RunAsync(_home, "config", "set", "--help");
        var wrongKind = await AideProcess.RunAsync(_home, "context", "add", "--kind", "recipe", "x");

        Assert.Contains("--kind <note|preference|task|fact|temporal|environment>", kind.Stdout, StringComparison.Ordinal);
        Assert.Contains("[default: note]", kind.Stdout, StringComparison.Ordinal);
        Assert.All(Aide.Cli.Configuration.SettingKeys.Scalars, key => Assert.Contains(key, set.Stdout, StringComparison.Ordinal));
        Assert.Equal(2, wrongKind.ExitCode);
        Assert.Contains("--kind 'recipe' is not one of note|preference", wrongKind.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ask", "--session")]
    [InlineData("history", "list", "--limit")]
    [InlineData("history", "search", "x", "--limit")]
    [InlineData("cache", "warm", "prompts.txt", "--parallel")]
    [InlineData("context", "add", "x", "--kind")]
    [InlineData("usage", "--since")]
    public async Task An_option_without_its_value_is_a_usage_error_not_a_crash(params string[] args)
    {
        var result = await AideProcess.RunAsync(_home, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Required argument missing for option: '{args[^1]}'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
