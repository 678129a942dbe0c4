using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide templates</c>, <c>-t NAME</c> on ask and chat, and model aliases from the config file wherever a model is named.</summary>
public sealed class TemplatesAndAliasesTests : LoopbackTestBase
{
    private string TemplatesDirectory => Path.Combine(Path.GetDirectoryName(Home.ConfigFile)!, "templates");

    private Task<AideResult> Aide(params string[] args) => AideProcess.RunAsync(Home, args);

    private Task<AideResult> Ask(params string[] args) => AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", .. args]);

    [Fact]
    public async Task A_template_gives_the_system_prompt_model_temperature_and_prompt_with_its_values_filled()
    {
        var saved = await Aide("templates", "edit", "translate", "--system", "Translate into $1. Costs $$5.", "--prompt", "Text: $input", "--temperature", "0.2", "--model", "small-model");
        Assert.Equal(0, saved.ExitCode);

        var result = await Ask("-t", "translate", "French", "good", "morning");

        Assert.Equal(0, result.ExitCode);
        var sent = Server.ChatRequests.Single().Json!;
        Assert.Equal("small-model", sent["model"]!.GetValue<string>());
        Assert.Equal(0.2, sent["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("Translate into French. Costs $5.", sent["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal("Text: good morning", Server.ChatRequests.Single().LastMessageContent);
    }

    [Fact]
    public async Task Flags_beat_the_template_and_a_prompt_without_input_gets_the_input_after_it()
    {
        await Aide("templates", "edit", "review", "--system", "Be terse.", "--prompt", "Review this diff:", "--temperature", "0.2");

        var result = await AideProcess.RunWithInputAsync(Home, "+ added line\n", "ask", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "-t", "review", "--temperature", "1", "--system", "Be kind.");

        Assert.Equal(0, result.ExitCode);
        var sent = Server.ChatRequests.Single().Json!;
        Assert.Equal(1, sent["temperature"]!.GetValue<double>(), 3);
        Assert.Equal("Be kind.", sent["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal("Review this diff:\n\n+ added line", Server.ChatRequests.Single().LastMessageContent);
    }

    [Fact]
    public async Task Templates_are_listed_shown_and_removed_and_their_files_are_private()
    {
        await Aide("templates", "edit", "joke", "--prompt", "Tell a joke about $input.");

        var list = await Aide("templates");
        var show = await Aide("templates", "show", "joke");
        var mode = File.GetUnixFileMode(Path.Combine(TemplatesDirectory, "joke.json"));
        var removed = await Aide("templates", "rm", "joke");
        var again = await Aide("templates", "rm", "joke");

        Assert.Contains("joke", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("Tell a joke about $input.", list.Stdout, StringComparison.Ordinal);
        Assert.Equal("{\n  \"prompt\": \"Tell a joke about $input.\"\n}\n", show.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(2, again.ExitCode);
        Assert.False(File.Exists(Path.Combine(TemplatesDirectory, "joke.json")));
    }

    [Fact]
    public async Task Mistakes_are_named_before_any_request()
    {
        await Aide("templates", "edit", "translate", "--system", "Translate into $1 and $2.");
        Directory.CreateDirectory(TemplatesDirectory);
        await File.WriteAllTextAsync(Path.Combine(TemplatesDirectory, "broken.json"), "{ \"prompt\": ", TestContext.Current.CancellationToken);

        var tooFew = await Ask("-t", "translate", "French");
        var unknown = await Ask("-t", "nope", "hi");
        var escape = await Aide("templates", "edit", "../outside", "--prompt", "x");
        var broken = await Ask("-t", "broken", "hi");
        var badValue = await Aide("templates", "edit", "hot", "--temperature", "7");
        var inChat = await AideProcess.RunWithInputAsync(Home, "hi\n", "chat", "--provider", $"openai={Server.BaseUrl}", "-t", "translate");

        Assert.Equal(2, tooFew.ExitCode);
        Assert.Contains("aide ask -t translate VALUE1 VALUE2 [QUESTION]", tooFew.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Saved: broken, translate.", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, escape.ExitCode);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(TemplatesDirectory)!, "outside.json")));
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("broken.json is not valid JSON (line 1", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, badValue.ExitCode);
        Assert.Contains("from template 'hot'", badValue.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(TemplatesDirectory, "hot.json")));
        Assert.Equal(2, inChat.ExitCode);
        Assert.Empty(Server.ChatRequests);
    }

    [Fact]
    public async Task Edit_without_fields_opens_the_editor_and_checks_what_it_saved()
    {
        var script = Path.Combine(Home.Root, "editor.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nprintf '{ \"system\": \"Answer in one word.\", \"prompt\": \"$input\" }' > \"$1\"\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Home.Environment["EDITOR"] = script;

        var edited = await Aide("templates", "edit", "short");
        var result = await Ask("-t", "short", "Capital of France?");

        Assert.Equal(0, edited.ExitCode);
        Assert.Equal("Answer in one word.", Server.ChatRequests.Single().Json!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_applies_the_template_to_every_message()
    {
        await Aide("templates", "edit", "fr", "--system", "Réponds en français.", "--prompt", "Question : $input");

        var result = await AideProcess.RunWithInputAsync(Home, "one\ntwo\n", "chat", "--provider", $"openai={Server.BaseUrl}", "--no-cache", "-t", "fr");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Question : one", "Question : two"], Server.ChatRequests.Select(r => r.LastMessageContent));
        Assert.Equal("Réponds en français.", Server.ChatRequests[1].Json!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_alias_names_a_model_and_its_provider_in_ask_chat_and_config()
    {
        // The first provider cannot be reached: "fast" names the openai one, which alone answers.
        Home.WriteConfig($$"""
            {
              "providers": [ { "kind": "ollama", "address": "http://127.0.0.1:{{ClosedPort.Number()}}" }, { "kind": "openai", "address": "{{Server.BaseUrl}}" } ],
              "aliases": { "fast": "openai/m-fast", "plain": "m-plain" }
            }
            """);

        var ask = await Aide("ask", "--no-cache", "-m", "fast", "hi");
        var chat = await AideProcess.RunWithInputAsync(Home, "/model fast\none\n/model plain\n", "chat", "--no-cache", "-m", "fast");
        var show = await Aide("config", "show");

        Assert.Equal(0, ask.ExitCode);
        Assert.Equal(0, chat.ExitCode);
        Assert.Equal(["m-fast", "m-fast"], Server.ChatRequests.Select(r => r.Json!["model"]!.GetValue<string>()));
        Assert.Contains("Switched to m-fast on openai=", chat.Stdout, StringComparison.Ordinal);
        Assert.Contains("Switched to m-plain", chat.Stdout, StringComparison.Ordinal);
        Assert.Contains("aliases.fast", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_set_writes_an_alias_and_refuses_a_name_with_a_slash()
    {
        var set = await Aide("config", "set", "aliases.smart", "openai/gpt-4o");
        var bad = await Aide("config", "set", "aliases.a/b", "x");
        var unset = await Aide("config", "unset", "aliases.smart");

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(3, bad.ExitCode);
        Assert.Equal(0, unset.ExitCode);
        Assert.DoesNotContain("smart", await File.ReadAllTextAsync(Home.ConfigFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_serves_an_alias_and_lists_it()
    {
        Home.WriteConfig("""{ "aliases": { "fast": "openai/upstream-model" } }""");
        var port = ClosedPort.Number();
        await using var serve = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}"]);
        await serve.WaitForStdoutAsync("Aide serves the OpenAI API");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/v1/") };

        var answer = await http.PostAsJsonAsync("chat/completions", new JsonObject { ["model"] = "fast", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }) }, TestContext.Current.CancellationToken);
        var models = await http.GetStringAsync("models", TestContext.Current.CancellationToken);

        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("upstream-model", Server.ChatRequests.Single().Json!["model"]!.GetValue<string>());
        Assert.Contains("\"id\":\"fast\"", models, StringComparison.Ordinal);
    }
}
