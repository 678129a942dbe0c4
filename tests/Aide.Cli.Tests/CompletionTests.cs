using System.Diagnostics;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide completion SHELL</c>: the bash script driven by bash itself, as the shell calls it on Tab.</summary>
public sealed class CompletionTests : LoopbackTestBase
{
    /// <summary>Runs bash with the printed script loaded and <c>aide</c> on the PATH, completes <paramref name="line"/> at its end.</summary>
    private async Task<string[]> CompleteAsync(string line)
    {
        var bin = Path.Combine(Home.Root, "bin");
        if (!Directory.Exists(bin))
        {
            Directory.CreateDirectory(bin);
            var target = AideProcess.Executable is { } executable ? $"exec '{executable}' \"$@\"" : $"exec dotnet exec '{AideProcess.DllPath}' \"$@\"";
            await File.WriteAllTextAsync(Path.Combine(bin, "aide"), $"#!/bin/sh\n{target}\n", TestContext.Current.CancellationToken);
            File.SetUnixFileMode(Path.Combine(bin, "aide"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var script = (await AideProcess.RunAsync(Home, "completion", "bash")).Stdout;
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"{script}\nCOMP_LINE=\"$1\"; COMP_POINT=${{#1}}; _aide_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        info.ArgumentList.Add("bash");
        info.ArgumentList.Add(line);
        foreach (var (name, value) in Home.Environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var bash = Process.Start(info)!;
        var output = await bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_completes_commands_options_and_values()
    {
        Home.WriteConfig("""{ "aliases": { "fast": "ollama/llama3.2" }, "providers": [ { "kind": "openai", "address": "http://127.0.0.1:9/v1", "model": "gpt-4o-mini" } ] }""");
        await AideProcess.RunAsync(Home, "ask", "--provider", $"openai={Server.BaseUrl}", "--session", "trip-notes", "hi");
        await AideProcess.RunAsync(Home, "templates", "edit", "review", "--prompt", "Review: $input");

        Assert.Equal(["history"], await CompleteAsync("aide hist"));
        Assert.Contains("--model", await CompleteAsync("aide ask --mo"));
        Assert.Equal(["fast", "openai/gpt-4o-mini"], await CompleteAsync("aide ask --model "));
        Assert.Equal(["ollama=", "openai="], await CompleteAsync("aide chat --provider o"));
        Assert.Equal(["trip-notes"], await CompleteAsync("aide history show tr"));
        Assert.Equal(["trip-notes"], await CompleteAsync("aide ask -s "));
        Assert.Equal(["review"], await CompleteAsync("aide ask -t r"));
        Assert.Equal(["bash", "fish", "pwsh", "zsh"], (await CompleteAsync("aide completion ")).Where(v => char.IsAsciiLetter(v[0])).Order());
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _aide_complete aide")]
    [InlineData("zsh", "compdef _aide aide")]
    [InlineData("fish", "complete -c aide -f")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName aide")]
    public async Task Every_shell_gets_a_script_that_asks_aide(string shell, string hook)
    {
        var result = await AideProcess.RunAsync(Home, "completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(hook, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error() =>
        Assert.Equal(2, (await AideProcess.RunAsync(Home, "completion", "tcsh")).ExitCode);
}
