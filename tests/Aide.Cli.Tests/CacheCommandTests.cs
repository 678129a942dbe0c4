using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary>End to end: the response cache through the real aide executable and a real loopback server.</summary>
public sealed class CacheCommandTests : LoopbackTestBase
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Home.Environment["OPENAI_API_KEY"] = "sk-test-SECRET-0123456789";
        Home.Environment["AIDE_PROVIDERS"] = $"openai={Server.BaseUrl}";
    }

    [Fact]
    public async Task A_repeated_question_is_answered_from_the_cache_without_calling_the_model()
    {
        var first = await AideProcess.RunAsync(Home, "ask", "--json", "What is Aide?");
        var second = await AideProcess.RunAsync(Home, "ask", "--json", "What is Aide?");

        Assert.Equal(0, second.ExitCode);
        Assert.Single(Server.ChatRequests);
        Assert.False(JsonNode.Parse(first.Stdout)!["cached"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(second.Stdout)!["cached"]!.GetValue<bool>());
        Assert.Equal("Hello from loopback.", JsonNode.Parse(second.Stdout)!["text"]!.GetValue<string>());
        Assert.True(File.Exists(Home.CacheFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Home.CacheFile));
        }
    }

    [Fact]
    public async Task No_cache_and_refresh_ask_the_model_again_and_refresh_replaces_the_answer()
    {
        Server.Enqueue(Respond.Answer("first"), Respond.Answer("second"), Respond.Answer("third"));

        Assert.Equal("first\n", (await AideProcess.RunAsync(Home, "ask", "Q")).Stdout);
        Assert.Equal("second\n", (await AideProcess.RunAsync(Home, "ask", "--no-cache", "Q")).Stdout);
        Assert.Equal("first\n", (await AideProcess.RunAsync(Home, "ask", "Q")).Stdout);
        Assert.Equal("third\n", (await AideProcess.RunAsync(Home, "ask", "--refresh", "Q")).Stdout);
        Assert.Equal("third\n", (await AideProcess.RunAsync(Home, "ask", "Q")).Stdout);
        Assert.Equal(3, Server.ChatRequests.Count);
        Assert.Equal(2, (await AideProcess.RunAsync(Home, "ask", "--no-cache", "--refresh", "Q")).ExitCode);
    }

    [Fact]
    public async Task A_sampled_question_is_not_cached_unless_configured()
    {
        await AideProcess.RunAsync(Home, "ask", "--temperature", "0.8", "Tell a story");
        await AideProcess.RunAsync(Home, "ask", "--temperature", "0.8", "Tell a story");
        Home.Environment["AIDE_CACHE_SAMPLED"] = "true";
        await AideProcess.RunAsync(Home, "ask", "--temperature", "0.8", "Tell a story");
        await AideProcess.RunAsync(Home, "ask", "--temperature", "0.8", "Tell a story");

        Assert.Equal(3, Server.ChatRequests.Count);
    }

    [Fact]
    public async Task Stats_shows_entries_compression_and_hit_ratio()
    {
        await AideProcess.RunAsync(Home, "ask", "Q1");
        await AideProcess.RunAsync(Home, "ask", "Q1");

        var stats = await AideProcess.RunAsync(Home, "cache", "stats", "--json");
        var plain = await AideProcess.RunAsync(Home, "cache", "stats");

        Assert.Equal(0, stats.ExitCode);
        var json = JsonNode.Parse(stats.Stdout)!;
        Assert.Equal(1, json["entries"]!.GetValue<long>());
        Assert.Equal(1, json["diskHits"]!.GetValue<long>());
        Assert.Equal(1, json["misses"]!.GetValue<long>());
        Assert.Equal(0.5, json["hitRatio"]!.GetValue<double>());
        Assert.True(json["originalBytes"]!.GetValue<long>() > 0);
        Assert.Contains("Hit ratio", plain.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warm_asks_each_prompt_once_and_later_questions_come_from_the_cache()
    {
        var prompts = Path.Combine(Home.Root, "prompts.txt");
        await File.WriteAllTextAsync(prompts, "# common questions\nWhat is Aide?\n\nHow do I install it?\nWhat is Aide?\n", TestContext.Current.CancellationToken);

        var warm = await AideProcess.RunAsync(Home, "cache", "warm", prompts, "--parallel", "2");
        var ask = await AideProcess.RunAsync(Home, "ask", "--json", "How do I install it?");

        Assert.Equal(0, warm.ExitCode);
        Assert.Contains("Warmed 2 of 3 prompts (1 already cached, 0 failed)", warm.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.True(JsonNode.Parse(ask.Stdout)!["cached"]!.GetValue<bool>());
        var events = await AideProcess.RunAsync(Home, "events", "--type", "CacheWarmed", "--json");
        Assert.Contains("CacheWarmed", events.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warmed_answers_serve_later_questions_when_context_items_and_a_system_prompt_go_with_them()
    {
        Home.Environment["AIDE_SYSTEM_PROMPT"] = "Be brief.";
        await AideProcess.RunAsync(Home, "context", "add", "--kind", "preference", "Answer", "in", "British", "English");
        await AideProcess.RunAsync(Home, "context", "add", "--kind", "fact", "--relevance", "0.1", "The", "user", "runs", "Debian");
        var prompts = Path.Combine(Home.Root, "prompts.txt");
        await File.WriteAllTextAsync(prompts, "What is Aide?\n", TestContext.Current.CancellationToken);

        var warm = await AideProcess.RunAsync(Home, "cache", "warm", prompts);
        var ask = await AideProcess.RunAsync(Home, "ask", "--json", "What is Aide?");

        Assert.Equal(0, warm.ExitCode);
        var sent = Assert.Single(Server.ChatRequests).Json!["messages"]!.AsArray();
        Assert.Equal(["system", "system", "user"], sent.Select(m => m!["role"]!.ToString()));
        Assert.Contains("British English", sent[1]!["content"]!.ToString(), StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(ask.Stdout)!["cached"]!.GetValue<bool>());
        Assert.DoesNotContain("unsaved", (await AideProcess.RunAsync(Home, "history", "list")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_then_warm_from_the_export_fills_another_home()
    {
        await AideProcess.RunAsync(Home, "ask", "Shared question");
        var file = Path.Combine(Home.Root, "cache.jsonl");
        var export = await AideProcess.RunAsync(Home, "cache", "export", "-o", file);

        using var other = new TestHome();
        other.Environment["OPENAI_API_KEY"] = "sk-other";
        other.Environment["AIDE_PROVIDERS"] = $"openai={Server.BaseUrl}";
        var import = await AideProcess.RunAsync(other, "cache", "warm", file);
        var ask = await AideProcess.RunAsync(other, "ask", "--json", "Shared question");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("Imported 1 entries", import.Stdout, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(ask.Stdout)!["cached"]!.GetValue<bool>());
        Assert.Single(Server.ChatRequests);
        Assert.DoesNotContain("sk-test-SECRET", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_takes_its_file_as_an_argument_too_and_refuses_two_different_files()
    {
        await AideProcess.RunAsync(Home, "ask", "Shared question");
        var file = Path.Combine(Home.Root, "by-argument.jsonl");

        var export = await AideProcess.RunAsync(Home, "cache", "export", file);
        var both = await AideProcess.RunAsync(Home, "cache", "export", file, "-o", Path.Combine(Home.Root, "other.jsonl"));

        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 1 entries", export.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(file).Length);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("name one", both.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Home.Root, "other.jsonl")));
    }

    [Fact]
    public async Task A_malformed_export_is_refused_with_its_line_and_nothing_imported()
    {
        var file = Path.Combine(Home.Root, "bad.jsonl");
        await File.WriteAllTextAsync(file, "{\"format\":\"aide-cache\",\"version\":1,\"exported\":\"2026-11-27T09:00:00Z\",\"entries\":1}\n{oops\n", TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(Home, "cache", "warm", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Line 2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_filling_the_same_cache_at_once_corrupt_nothing()
    {
        var questions = Enumerable.Range(0, 6).Select(i => $"Question {i}").ToList();
        var runs = questions.Select(q => AideProcess.RunAsync(Home, "ask", q)).ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var again = await Task.WhenAll(questions.Select(q => AideProcess.RunAsync(Home, "ask", "--json", q)));
        Assert.All(again, r => Assert.True(JsonNode.Parse(r.Stdout)!["cached"]!.GetValue<bool>()));
        Assert.Equal(6, Server.ChatRequests.Count);
        var stats = JsonNode.Parse((await AideProcess.RunAsync(Home, "cache", "stats", "--json")).Stdout)!;
        Assert.Equal(6, stats["entries"]!.GetValue<long>());
        Assert.Equal(0, stats["corruptEntries"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_cache_folder_that_cannot_be_written_warns_once_and_chat_goes_on()
    {
        var blocker = Path.Combine(Home.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "x", TestContext.Current.CancellationToken);
        Home.Environment["XDG_CACHE_HOME"] = blocker;

        var result = await AideProcess.RunAsync(Home, "ask", "Still answered?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Hello from loopback.\n", result.Stdout);
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("response cache", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_damaged_cache_file_is_set_aside_and_chat_goes_on()
    {
        Directory.CreateDirectory(Home.CacheDirectory);
        await File.WriteAllTextAsync(Home.CacheFile, new string('!', 10_000), TestContext.Current.CancellationToken);

        var first = await AideProcess.RunAsync(Home, "ask", "Q");
        var second = await AideProcess.RunAsync(Home, "ask", "--json", "Q");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("damaged", first.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Home.CacheFile + ".damaged"));
        Assert.True(JsonNode.Parse(second.Stdout)!["cached"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Invalidate_by_model_tag_and_clear()
    {
        await AideProcess.RunAsync(Home, "ask", "Q1");
        await AideProcess.RunAsync(Home, "ask", "--model", "other", "Q2");

        var invalidate = await AideProcess.RunAsync(Home, "cache", "invalidate", "--tag", "model:other");
        var clear = await AideProcess.RunAsync(Home, "cache", "clear", "--yes");

        Assert.Contains("Removed 1 cached answers", invalidate.Stdout, StringComparison.Ordinal);
        var bogus = await AideProcess.RunAsync(Home, "cache", "invalidate", "--tag", "gpt-4o-mini");
        Assert.Equal(2, bogus.ExitCode);
        Assert.Contains("model:NAME", bogus.Stderr, StringComparison.Ordinal);
        Assert.Contains("Cleared 1 cached answers", clear.Stdout, StringComparison.Ordinal);
        await AideProcess.RunAsync(Home, "ask", "Q1");
        Assert.Equal(3, Server.ChatRequests.Count);
    }

    [Fact]
    public async Task Invalidate_by_key_removes_that_answer_only()
    {
        await AideProcess.RunAsync(Home, "ask", "Q1");
        await AideProcess.RunAsync(Home, "ask", "Q2");
        var export = await AideProcess.RunAsync(Home, "cache", "export");
        var key = JsonNode.Parse(export.Stdout.Split('\n')[1])!["key"]!.ToString();

        var removed = await AideProcess.RunAsync(Home, "cache", "invalidate", "--key", key);
        var again = await AideProcess.RunAsync(Home, "cache", "invalidate", "--key", key);
        var two = await AideProcess.RunAsync(Home, "cache", "invalidate", "--key", key, "--prefix", "t");

        Assert.Contains("Removed 1 cached answers", removed.Stdout, StringComparison.Ordinal);
        Assert.Contains("Removed 0 cached answers", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("exactly one of --key, --tag or --prefix", two.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse((await AideProcess.RunAsync(Home, "cache", "stats", "--json")).Stdout)!["entries"]!.GetValue<long>());
    }

    [Fact]
    public async Task Questions_and_keys_never_reach_the_journal_in_clear()
    {
        await AideProcess.RunAsync(Home, "ask", "my secret question XYZZY");
        await AideProcess.RunAsync(Home, "ask", "my secret question XYZZY");

        var journal = await AideProcess.RunAsync(Home, "events", "--category", "cache", "--json");

        Assert.Contains("CacheHit", journal.Stdout, StringComparison.Ordinal);
        Assert.Contains("CacheMiss", journal.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("XYZZY", journal.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-SECRET", journal.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_cache_off_every_question_reaches_the_model_and_warm_says_why_it_cannot_run()
    {
        Home.Environment["AIDE_CACHE"] = "false";
        var prompts = Path.Combine(Home.Root, "prompts.txt");
        await File.WriteAllTextAsync(prompts, "Q\n", TestContext.Current.CancellationToken);

        await AideProcess.RunAsync(Home, "ask", "Q");
        await AideProcess.RunAsync(Home, "ask", "Q");
        var warm = await AideProcess.RunAsync(Home, "cache", "warm", prompts);
        var stats = await AideProcess.RunAsync(Home, "cache", "stats", "--json");

        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.Equal(2, warm.ExitCode);
        Assert.Contains("cache is false", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(0, JsonNode.Parse(stats.Stdout)!["entries"]!.GetValue<long>());
    }
}
