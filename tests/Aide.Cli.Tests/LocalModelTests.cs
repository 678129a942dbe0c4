using Aide.Cli.Tests.Support;
using Aide.Testing;

namespace Aide.Cli.Tests;

/// <summary><c>aide</c> answering with a GGUF model run in-process by the real llama.cpp runtime.</summary>
public sealed class LocalModelTests : IDisposable
{
    private readonly TestHome _home = new();

    [Fact]
    public async Task Ask_answers_from_a_model_file_named_by_path()
    {
        var model = TinyLlamaModel.Write(Path.Combine(_home.Root, "tiny.gguf"));

        var result = await AideProcess.RunAsync(_home, "ask", "--provider", $"local={model}", "--json", "Say the alphabet");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"\"text\":\"{TinyLlamaModel.Answer}\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"provider\":\"local\"", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"outputTokens\":26", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("llama_model_loader", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_and_embeds_with_a_local_model_in_process()
    {
        var model = TinyLlamaModel.Write(Path.Combine(_home.Root, "tiny.gguf"));
        var port = ClosedPort.Number();
        await using var aide = AideProcess.Start(_home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"local={model}"]);
        await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
        using var http = new HttpClient();
        var url = $"http://127.0.0.1:{port}/v1";

        using var chat = await http.PostAsync(url + "/chat/completions", Json("""{"messages":[{"role":"user","content":"Say the alphabet"}]}"""), TestContext.Current.CancellationToken);
        using var embed = await http.PostAsync(url + "/embeddings", Json("""{"input":["first text","second text"],"encoding_format":"base64"}"""), TestContext.Current.CancellationToken);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await chat.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var embeddings = System.Text.Json.Nodes.JsonNode.Parse(await embed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal(TinyLlamaModel.Answer, (string)answer["choices"]![0]!["message"]!["content"]!);
        Assert.True(embed.IsSuccessStatusCode, embeddings.ToJsonString());
        var vectors = embeddings["data"]!.AsArray().Select(d => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String((string)d!["embedding"]!)).ToArray()).ToList();
        Assert.Equal(2, vectors.Count);
        Assert.Equal(288, vectors[0].Length); // the tiny model's embedding width
        Assert.All(vectors, v => Assert.Contains(v, x => x != 0));
        Assert.NotEqual(vectors[0], vectors[1]);
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_model_without_a_chat_template_is_prompted_in_the_format_its_vocabulary_has_and_info_says_so()
    {
        var model = TinyLlamaModel.Write(Path.Combine(_home.Root, "base.gguf"), chatTemplate: false);

        var answer = await AideProcess.RunAsync(_home, "ask", "--provider", $"local={model}", "Say the alphabet");
        var info = await AideProcess.RunAsync(_home, "models", "info", model, "--json");

        Assert.Equal(0, answer.ExitCode);
        Assert.Equal(TinyLlamaModel.Answer, answer.Stdout.Trim());
        Assert.Contains("\"chatTemplate\":false", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"template\":\"chatml\"", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("ChatML", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_user_chooses_the_template_and_model_refuses_a_file_without_one()
    {
        var model = TinyLlamaModel.Write(Path.Combine(_home.Root, "base.gguf"), chatTemplate: false);

        // Plain: the question is the prompt as it is, and the model continues "Hi" from the letter after 'i'.
        var plain = await AideProcess.RunAsync(_home, "ask", "--provider", $"local={model}", "--template", "plain", "--no-cache", "Hi");
        var own = await AideProcess.RunAsync(_home, "ask", "--provider", $"local={model}", "--template", "model", "Hi");

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("jklmnopqrstuvwxyz", plain.Stdout.Trim());
        Assert.Equal(3, own.ExitCode);
        Assert.Contains("no chat template", own.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_downloaded_model_is_the_default_when_nothing_is_configured()
    {
        var models = Directory.CreateDirectory(Path.Combine(_home.DataDirectory, "models")).FullName;
        TinyLlamaModel.Write(Path.Combine(models, "tiny.gguf"));

        var result = await AideProcess.RunAsync(_home, "ask", "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(TinyLlamaModel.Answer, result.Stdout.Trim());
    }

    [Fact]
    public async Task A_session_continues_across_processes_with_the_local_model()
    {
        var models = Directory.CreateDirectory(Path.Combine(_home.DataDirectory, "models")).FullName;
        TinyLlamaModel.Write(Path.Combine(models, "tiny.gguf"));

        var first = await AideProcess.RunAsync(_home, "ask", "--provider", "local=tiny", "--session", "alpha", "one");
        var second = await AideProcess.RunAsync(_home, "ask", "--provider", "local=tiny", "--session", "alpha", "two");
        var shown = await AideProcess.RunAsync(_home, "history", "show", "alpha");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(2, shown.Stdout.Split(TinyLlamaModel.Answer).Length - 1);
    }

    [Fact]
    public async Task A_session_that_outgrows_the_models_context_keeps_answering_with_the_newest_turns()
    {
        var models = Directory.CreateDirectory(Path.Combine(_home.DataDirectory, "models")).FullName;
        TinyLlamaModel.Write(Path.Combine(models, "tiny.gguf"));
        var question = string.Join(' ', Enumerable.Repeat("abc", 40)); // ~160 of the tiny model's 512 tokens with its answer

        var exitCodes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            exitCodes.Add((await AideProcess.RunAsync(_home, "ask", "--provider", "local=tiny", "--session", "long", $"{i} {question}")).ExitCode);
        }

        var last = await AideProcess.RunAsync(_home, "ask", "--provider", "local=tiny", "--session", "long", "--json", "last");
        var shown = await AideProcess.RunAsync(_home, "history", "show", "long");
        var context = await AideProcess.RunAsync(_home, "context", "show", "--session", "long");

        Assert.Equal([0, 0, 0, 0, 0], exitCodes);
        Assert.Contains("of 3,072 tokens", context.Stdout, StringComparison.Ordinal); // sized for the local model that answered: 4,096 − 1,024
        Assert.Equal(0, last.ExitCode);
        Assert.Contains($"\"text\":\"{TinyLlamaModel.Answer}\"", last.Stdout, StringComparison.Ordinal);
        Assert.Equal(6, shown.Stdout.Split(TinyLlamaModel.Answer).Length - 1); // every turn saved, although not every one is sent
    }

    [Fact]
    public async Task A_model_not_downloaded_yet_says_how_to_pull_it()
    {
        var result = await AideProcess.RunAsync(_home, "ask", "--provider", "local=qwen2.5-0.5b", "hello");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("run 'aide models pull qwen2.5-0.5b'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_model_file_is_a_clear_error_not_a_crash()
    {
        var model = TinyLlamaModel.Write(Path.Combine(_home.Root, "tiny.gguf"));
        var bytes = await File.ReadAllBytesAsync(model, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(model, bytes[..(bytes.Length / 2)], TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(_home, "ask", "--provider", $"local={model}", "hello");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"Cannot use the model file {model}: the file is", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("truncated", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_nothing_configured_the_getting_started_lines_mention_pulling_a_model()
    {
        var result = await AideProcess.RunAsync(_home, "ask", "hello");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("aide models pull qwen2.5-0.5b", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_at_a_terminal_with_nothing_configured_offers_to_pull_the_default_model()
    {
        // util-linux script(1) gives aide a real terminal, so it knows a person could answer; "n" declines.
        var command = AideProcess.Executable is { } executable ? $"'{executable}' chat" : $"dotnet exec '{AideProcess.DllPath}' chat";
        var info = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-qec", command, "/dev/null"])
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _home.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var script = System.Diagnostics.Process.Start(info)!;
        var output = script.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await script.StandardInput.WriteAsync("n\n");
        script.StandardInput.Close();
        await script.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(AideProcess.Guard, TestContext.Current.CancellationToken);

        Assert.Contains($"Download {Models.ModelAlias.Default.Description} now and chat with it locally? [y/N]", await output, StringComparison.Ordinal);
        Assert.Equal(3, script.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_home.DataDirectory, "models")));
    }

    public void Dispose() => _home.Dispose();
}
