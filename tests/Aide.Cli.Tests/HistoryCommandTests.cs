using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Aide.Conversations.Store;
using Microsoft.Data.Sqlite;

namespace Aide.Cli.Tests;

/// <summary>End to end: conversations saved by the real aide, resumed, listed, exported, imported, branched and cleared.</summary>
public sealed class HistoryCommandTests : LoopbackTestBase
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Home.Environment["OPENAI_API_KEY"] = "sk-test-history";
        Home.Environment["AIDE_PROVIDERS"] = $"openai={Server.BaseUrl}";
        Home.Environment["AIDE_MODEL"] = "gpt-4o-mini";
    }

    [Fact]
    public async Task Ask_with_the_same_session_twice_is_one_conversation()
    {
        Server.Enqueue(Respond.Answer("Paris."), Respond.Answer("About 2.1 million."));

        var first = await Aide("ask", "--session", "work", "What is the capital of France?");
        var second = await Aide("ask", "--session", "work", "How many people live there?");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        var sent = Server.ChatRequests[1].Json!["messages"]!.AsArray().Select(m => (m!["role"]!.ToString(), m["content"]!.ToString())).ToList();
        Assert.Equal(
            [("user", "What is the capital of France?"), ("assistant", "Paris."), ("user", "How many people live there?")],
            sent);
        var list = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray();
        var work = Assert.Single(list);
        Assert.Equal("work", work!["name"]!.ToString());
        Assert.Equal(4, work["messageCount"]!.GetValue<int>());
        Assert.Equal("What is the capital of France?", work["title"]!.ToString());
    }

    [Fact]
    public async Task List_shows_one_line_per_conversation_with_its_name_whole()
    {
        Server.Enqueue(Respond.Answer("One."), Respond.Answer("Two."));
        await Aide("ask", "Please explain, in as much detail as you can, how a write-ahead log keeps a database consistent after a crash");
        await Aide("ask", "--session", "work", "Short question\nwith a second line");

        var list = await Aide("history", "list");

        Assert.Equal(0, list.ExitCode);
        var generated = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray().Single(c => c!["name"]!.ToString() != "work")!["name"]!.ToString();
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 2, lines.Length); // header, two rows
        Assert.Contains(lines, l => l.Contains(generated, StringComparison.Ordinal) && l.Contains("Please", StringComparison.Ordinal) && l.Contains('…'));
        Assert.Contains(lines, l => l.StartsWith("work ", StringComparison.Ordinal) && l.Contains("Short question", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));

        // COLUMNS widens the table (piped, Spectre would assume 80): the stored title then shows whole.
        var title = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray().Single(c => c!["name"]!.ToString() == generated)!["title"]!.ToString();
        Home.Environment["COLUMNS"] = "200";
        var wide = (await Aide("history", "list")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(wide, l => l.Contains(title, StringComparison.Ordinal) && l.TrimEnd().Length > 80);
    }

    [Fact]
    public async Task Continue_resumes_the_most_recent_conversation_and_json_names_it()
    {
        await Aide("ask", "--session", "older", "one");
        await Aide("ask", "--session", "newer", "two");

        var resumed = await Aide("ask", "--continue", "--json", "three");

        Assert.Equal(0, resumed.ExitCode);
        Assert.Equal("newer", JsonNode.Parse(resumed.Stdout)!["session"]!.ToString());
        Assert.Equal(3, Server.ChatRequests[2].Json!["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task Continue_without_any_conversation_says_so()
    {
        var result = await Aide("ask", "--continue", "hello");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no conversation to continue", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.ChatRequests);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/tmp/evil")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("tab\tname")]
    [InlineData("semi;colon")]
    public async Task Session_names_that_try_path_tricks_are_refused(string name)
    {
        var result = await Aide("ask", "--session", name, "hi");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a valid conversation name", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Server.ChatRequests);
    }

    [Fact]
    public async Task A_failed_turn_is_taken_back()
    {
        Server.Enqueue(Respond.Error(400, "bad request"));

        var failed = await Aide("ask", "--session", "s", "--retries", "0", "this fails");
        await Aide("ask", "--session", "s", "this works");

        Assert.Equal(1, failed.ExitCode);
        var messages = Server.ChatRequests[1].Json!["messages"]!.AsArray();
        Assert.Equal("this works", Assert.Single(messages)!["content"]!.ToString());
    }

    [Fact]
    public async Task A_one_off_question_that_fails_leaves_no_empty_conversation_but_a_named_one_stays()
    {
        Server.Enqueue(Respond.Error(400, "bad request"), Respond.Error(400, "bad request"));

        var oneOff = await Aide("ask", "--retries", "0", "this fails");
        var named = await Aide("ask", "--session", "kept", "--retries", "0", "this fails too");
        Home.Environment["AIDE_CONTEXT_TOKENS"] = "2048";
        var tooLong = await Aide("ask", string.Join(' ', Enumerable.Repeat("word", 5_000))); // larger than the whole window
        Home.Environment.Remove("AIDE_CONTEXT_TOKENS");
        var chat = await AideWithInput("/exit\n", "chat");

        Assert.Equal([1, 1, 2, 0], new[] { oneOff.ExitCode, named.ExitCode, tooLong.ExitCode, chat.ExitCode });
        var list = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray();
        var kept = Assert.Single(list);
        Assert.Equal("kept", kept!["name"]!.ToString());
        Assert.Equal(0, kept["messageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Export_then_import_under_another_name_round_trips_and_show_lists_messages()
    {
        await Aide("ask", "--session", "src", "Email ada@example.com about https://example.com/spec");
        var file = Path.Combine(Home.Root, "src.json");

        var export = await Aide("history", "export", "src", "-o", file);
        var import = await Aide("history", "import", file, "--as", "copy");
        var show = await Aide("history", "show", "copy");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var document = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal("aide.conversation", document["format"]!.ToString());
        Assert.Equal(2, document["messages"]!.AsArray().Count);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("2 messages", import.Stdout, StringComparison.Ordinal);
        Assert.Contains("#1 user", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("ada@example.com (email, 1×)", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("https://example.com/spec (url, 1×)", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_and_imports_that_name_a_folder_or_a_missing_one_are_clear_usage_errors()
    {
        await Aide("ask", "--session", "src", "hello");
        var missing = Path.Combine(Home.Root, "no-such-folder", "src.json");

        var intoMissing = await Aide("history", "export", "src", "-o", missing);
        var ontoFolder = await Aide("cache", "export", "-o", Home.Root);

        Assert.Equal(2, intoMissing.ExitCode);
        Assert.Contains($"Cannot write {missing}: the folder {Path.GetDirectoryName(missing)} does not exist.", intoMissing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, ontoFolder.ExitCode);
        Assert.Contains("it is a folder; name a file in it", ontoFolder.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected", intoMissing.Stderr + ontoFolder.Stderr, StringComparison.Ordinal);

        var importFolder = await Aide("history", "import", Home.Root);
        var warmFolder = await Aide("cache", "warm", Home.Root);
        Assert.Equal((2, 2), (importFolder.ExitCode, warmFolder.ExitCode));
        Assert.Contains("is a folder; name an export file", importFolder.Stderr, StringComparison.Ordinal);
        Assert.Contains("is a folder; name a file of prompts", warmFolder.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_other_than_ascii_stays_readable_in_exports_json_output_events_and_the_journal()
    {
        Server.Enqueue(Respond.Answer("東京です。"));
        var ask = await Aide("ask", "--session", "intl", "--json", "Où habite José García ? 日本の首都は？");
        var file = Path.Combine(Home.Root, "intl.json");

        var export = await Aide("history", "export", "intl", "-o", file);
        var list = await Aide("history", "list", "--json");
        var events = await Aide("events", "--session", "intl", "--type", "ContextEntityDetected");
        var eventsJson = await Aide("events", "--session", "intl", "--type", "ContextEntityDetected", "--json");

        Assert.Contains("\"text\":\"東京です。\"", ask.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, export.ExitCode);
        var exported = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Contains("Où habite José García ? 日本の首都は？", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", exported, StringComparison.Ordinal);
        Assert.Contains("Où habite José García", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("text=José García", events.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"José García\"", eventsJson.Stdout, StringComparison.Ordinal);
        Assert.Contains("José García", await File.ReadAllTextAsync(Path.Combine(Home.Root, "data", "aide", "events", "events.jsonl"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, (await Aide("history", "import", file, "--as", "intl-copy")).ExitCode); // and it reads back
    }

    [Fact]
    public async Task Import_of_a_malformed_file_names_the_position_and_imports_nothing()
    {
        var file = Path.Combine(Home.Root, "bad.json");
        File.WriteAllText(file, "{\n  \"format\": \"aide.conversation\",\n  \"version\": 1,\n  \"messages\": [ {\"role\": \"user\", \"content\": }\n]}");

        var result = await Aide("history", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 4", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("[]", (await Aide("history", "list", "--json")).Stdout.Trim());
    }

    [Fact]
    public async Task Import_of_an_inconsistent_file_imports_nothing()
    {
        await Aide("ask", "--session", "src", "one");
        var file = Path.Combine(Home.Root, "src.json");
        await Aide("history", "export", "src", "-o", file);
        var document = JsonNode.Parse(File.ReadAllText(file))!;
        document["messages"]![1]!["sequence"] = 1; // two messages #1
        File.WriteAllText(file, document.ToJsonString());

        var result = await Aide("history", "import", file, "--as", "broken");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sequences must increase", result.Stderr, StringComparison.Ordinal);
        Assert.Single(JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray());
    }

    [Fact]
    public async Task Import_of_an_oversized_file_is_refused_before_reading_it()
    {
        var file = Path.Combine(Home.Root, "huge.json");
        using (var stream = File.Create(file))
        {
            stream.SetLength(65L * 1024 * 1024);
        }

        var result = await Aide("history", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("limited to", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Branch_forks_after_a_message_and_leaves_the_original_alone()
    {
        Server.Enqueue(Respond.Answer("A1"), Respond.Answer("A2"), Respond.Answer("B2"));
        await Aide("ask", "--session", "main", "Q1");
        await Aide("ask", "--session", "main", "Q2");

        var branch = await Aide("history", "branch", "alt", "--from", "main:2");
        await Aide("ask", "--session", "alt", "Q2 differently");
        var byNumber = await Aide("history", "branch", "main", "--from", "2");

        Assert.Equal(0, branch.ExitCode);
        var sent = Server.ChatRequests[2].Json!["messages"]!.AsArray().Select(m => m!["content"]!.ToString()).ToList();
        Assert.Equal(["Q1", "A1", "Q2 differently"], sent);
        var list = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray().ToDictionary(c => c!["name"]!.ToString(), c => c!["messageCount"]!.GetValue<int>());
        Assert.Equal(4, list["main"]);
        Assert.Equal(4, list["alt"]);
        Assert.Equal(0, byNumber.ExitCode);
        Assert.Equal(2, list["main-branch-1"]);
    }

    [Fact]
    public async Task Clear_asks_first_and_keeps_everything_unless_confirmed()
    {
        await Aide("ask", "--session", "c", "keep me");

        var declined = await AideWithInput("n\n", "history", "clear", "c");
        var countAfterDecline = Count("c");
        var confirmed = await AideWithInput("y\n", "history", "clear", "c");

        Assert.Equal(2, declined.ExitCode);
        Assert.Equal(2, countAfterDecline);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.Equal(0, Count("c"));
    }

    [Fact]
    public async Task Rm_deletes_and_an_unknown_name_is_a_clear_error()
    {
        await Aide("ask", "--session", "gone", "bye");

        var removed = await Aide("history", "rm", "gone");
        var again = await Aide("history", "show", "gone");

        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no conversation named 'gone'", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_larger_than_the_window_is_refused_with_the_sizes_and_not_saved()
    {
        Home.Environment["AIDE_CONTEXT_TOKENS"] = "400";
        Home.Environment["AIDE_REPLY_TOKENS"] = "100";

        var result = await Aide("ask", "--session", "small", string.Join(' ', Enumerable.Repeat("elephant", 500)));

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"The message is [\d,]+ tokens but the context window has room for [\d,]+: 400 tokens of context − 100 kept for the reply", result.Stderr);
        Assert.Empty(Server.ChatRequests);
        Assert.Equal(0, Count("small"));
    }

    [Fact]
    public async Task Old_turns_that_no_longer_fit_are_left_out_and_the_change_is_an_event()
    {
        Home.Environment["AIDE_CONTEXT_TOKENS"] = "300";
        Home.Environment["AIDE_REPLY_TOKENS"] = "100";
        var sentence = string.Join(' ', Enumerable.Repeat("word", 40));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(0, (await Aide("ask", "--session", "long", $"{i} {sentence}")).ExitCode);
        }

        var last = Server.ChatRequests[^1].Json!["messages"]!.AsArray();
        Assert.StartsWith("3 ", last[^1]!["content"]!.ToString(), StringComparison.Ordinal);
        Assert.True(last.Count < 7, $"sent {last.Count} messages; the window should have dropped the oldest");
        var events = await Aide("events", "--type", "ContextWindowChanged", "--json");
        Assert.Contains("recent-first", events.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_database_is_moved_aside_not_deleted_and_chat_goes_on()
    {
        Directory.CreateDirectory(Home.DataDirectory);
        File.WriteAllText(Home.DatabaseFile, "this is not a database, but it is someone's file");

        var result = await Aide("ask", "--session", "fresh", "hello");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("was moved to", result.Stderr, StringComparison.Ordinal);
        var aside = Assert.Single(Directory.GetFiles(Home.DataDirectory, "conversations.db.damaged-*"));
        Assert.Equal("this is not a database, but it is someone's file", File.ReadAllText(aside));
        Assert.Equal(2, Count("fresh"));
    }

    [Fact]
    public async Task A_locked_database_gives_a_clear_error()
    {
        await Aide("ask", "--session", "busy", "first");
        using var holder = new SqliteConnection($"Data Source={Home.DatabaseFile};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var result = await Aide("ask", "--session", "busy", "second");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("is locked by another process", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_appending_to_one_conversation_lose_nothing()
    {
        var runs = Enumerable.Range(0, 6).Select(i => Aide("ask", "--session", "shared", $"question {i}"));

        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        await using var store = SqliteConversationStore.Open(Home.DatabaseFile);
        var conversation = (await store.FindAsync("shared", TestContext.Current.CancellationToken))!;
        var messages = await store.GetMessagesAsync(conversation.Id, TestContext.Current.CancellationToken);
        Assert.Equal(12, messages.Count);
        Assert.Equal(Enumerable.Range(1, 12), messages.Select(m => m.Sequence));
        Assert.Equal(6, messages.Count(m => m.Role == "user" && m.Content.StartsWith("question ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_process_killed_mid_conversation_leaves_a_consistent_store()
    {
        var lines = string.Concat(Enumerable.Range(0, 400).Select(i => $"line {i} {new string('x', 200)}\n"));
        await using (var aide = AideProcess.Start(Home, ["chat", "--session", "killed"], lines))
        {
            // Wait until it is well into the conversation, then kill it without warning.
            for (var i = 0; i < 600 && Count("killed") < 30; i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            aide.Kill();
        }

        await using var store = SqliteConversationStore.Open(Home.DatabaseFile);
        var conversation = (await store.FindAsync("killed", TestContext.Current.CancellationToken))!;
        var messages = await store.GetMessagesAsync(conversation.Id, TestContext.Current.CancellationToken);
        Assert.True(messages.Count >= 30, $"only {messages.Count} messages were saved before the kill");
        Assert.Equal(messages.Count, conversation.MessageCount);
        Assert.Equal(messages.Sum(m => (long)m.TokenCount), conversation.TokenCount);
        Assert.All(messages.Where(m => m.Role == "user"), m => Assert.Matches(@"^line \d+ x{200}$", m.Content));
        using var check = new SqliteConnection($"Data Source={Home.DatabaseFile};Pooling=False");
        check.Open();
        using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", command.ExecuteScalar());
    }

    [Fact]
    public async Task Pinned_context_items_go_with_every_turn()
    {
        var added = await Aide("context", "add", "--kind", "preference", "--pin", "Answer", "in", "British", "English");
        await Aide("ask", "--session", "p", "colour or color?");

        Assert.Equal(0, added.ExitCode);
        var system = Server.ChatRequests[0].Json!["messages"]![0]!;
        Assert.Equal("system", system["role"]!.ToString());
        Assert.Contains("(preference) Answer in British English", system["content"]!.ToString(), StringComparison.Ordinal);
        var id = added.Stdout.Split(' ')[2];
        Assert.Equal(0, (await Aide("context", "rm", id)).ExitCode);
        await Aide("ask", "--session", "p", "again");
        Assert.Equal("user", Server.ChatRequests[1].Json!["messages"]![0]!["role"]!.ToString());
    }

    [Fact]
    public async Task Context_rm_and_pin_take_the_session_that_listed_the_item_and_check_it()
    {
        await Aide("ask", "--session", "work", "hello");
        await Aide("ask", "--session", "home", "hello");
        var own = (await Aide("context", "add", "--session", "work", "Finish", "the", "report")).Stdout.Split(' ')[2];
        var global = (await Aide("context", "add", "Answer", "briefly")).Stdout.Split(' ')[2];

        var pinned = await Aide("context", "pin", own, "--session", "work");
        var elsewhere = await Aide("context", "rm", own, "--session", "home");
        var everywhere = await Aide("context", "unpin", global, "--session", "work");
        var removed = await Aide("context", "rm", own, "-s", "work");

        Assert.Equal((0, $"Pinned {own}."), (pinned.ExitCode, pinned.Stdout.Trim()));
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains($"'home' has no context item '{own}'", elsewhere.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, everywhere.ExitCode);
        Assert.Contains("applies to every conversation", everywhere.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        var events = (await Aide("events", "--type", "ContextUpdated", "--session", "work", "--json")).Stdout;
        Assert.Equal(["Add", "Update", "Remove"], events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(e => e.Contains(own, StringComparison.Ordinal)).Select(e => JsonNode.Parse(e)!["operation"]!.ToString()));
        Assert.Contains(global, (await Aide("context", "list")).Stdout, StringComparison.Ordinal); // the refused change changed nothing

        var badExpiry = await Aide("context", "add", "--expires", "0", "x");
        Assert.Equal(2, badExpiry.ExitCode); // an option of this command, as --priority: a usage error
        Assert.Contains("Invalid --expires '0': expected a duration", badExpiry.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_names_a_new_conversation_after_its_question_and_history_renames_and_filters()
    {
        await Aide("ask", "How do I rotate PostgreSQL logs?");
        await Aide("ask", "Explain Rust lifetimes");
        var names = JsonNode.Parse((await Aide("history", "list", "--json")).Stdout)!.AsArray().Select(c => c!["name"]!.ToString()).ToList();
        Assert.Contains(names, n => Regex.IsMatch(n, "^rotate-postgresql-logs-[0-9a-f]{4}$"));
        var rust = Assert.Single(names, n => n.StartsWith("explain-rust-lifetimes-", StringComparison.Ordinal));

        var renamed = await Aide("history", "rename", rust, "rust");
        Assert.Equal(0, renamed.ExitCode);
        Assert.Equal($"Renamed '{rust}' to 'rust'.\n", renamed.Stdout);
        Assert.Equal(0, (await Aide("ask", "--session", "rust", "And borrowing?")).ExitCode);
        Assert.Equal(4, JsonNode.Parse((await Aide("history", "show", "rust", "--json")).Stdout)!["messages"]!.AsArray().Count);

        var grep = (await Aide("history", "list", "--grep", "POSTGRES")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, grep.Length); // header and the PostgreSQL one
        Assert.Contains("rotate-postgresql-logs-", grep[1], StringComparison.Ordinal);
        var newest = JsonNode.Parse((await Aide("history", "list", "--limit", "1", "--json")).Stdout)!.AsArray();
        Assert.Equal("rust", Assert.Single(newest)!["name"]!.ToString());
        Assert.Equal("No conversation matches.\n", (await Aide("history", "list", "--grep", "kubernetes")).Stdout);
        Assert.Equal(2, JsonNode.Parse((await Aide("history", "list", "--since", "1h", "--json")).Stdout)!.AsArray().Count);

        var taken = await Aide("history", "rename", "rust", names.First(n => n != rust));
        Assert.Equal(2, taken.ExitCode);
        Assert.Contains("already exists", taken.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await Aide("history", "rename", "no-such-one", "x")).ExitCode);
        Assert.Equal(2, (await Aide("history", "rename", "rust", "../etc")).ExitCode);
    }

    [Fact]
    public async Task Context_list_shows_one_line_per_item_with_its_id_whole()
    {
        var pinned = await Aide("context", "add", "--kind", "environment", "--pin", "The production database runs PostgreSQL 16 on db01 and must never be restarted during business hours");
        var task = await Aide("context", "add", "--kind", "task", "--expires", "2h", "Ship it");

        var list = await Aide("context", "list");

        Assert.Equal(0, list.ExitCode);
        var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 2, lines.Length); // header, two items
        Assert.Contains(lines, l => l.StartsWith(pinned.Stdout.Split(' ')[2] + " environment", StringComparison.Ordinal) && l.TrimEnd().EndsWith('…'));
        Assert.Contains(lines, l => l.StartsWith(task.Stdout.Split(' ')[2] + " task", StringComparison.Ordinal) && (l.Contains("in 1h59m", StringComparison.Ordinal) || l.Contains("in 2h00m", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
    }

    [Fact]
    public async Task History_off_saves_nothing_and_refuses_session()
    {
        Home.Environment["AIDE_HISTORY"] = "false";

        var plain = await Aide("ask", "hello");
        var named = await Aide("ask", "--session", "x", "hello");

        Assert.Equal(0, plain.ExitCode);
        Assert.False(File.Exists(Home.DatabaseFile));
        Assert.Equal(2, named.ExitCode);
        Assert.Contains("history=false", named.Stderr, StringComparison.Ordinal);
    }

    private int Count(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Home.DatabaseFile};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.name = $n";
        command.Parameters.AddWithValue("$n", name);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<AideResult> Aide(params string[] args) => AideProcess.RunAsync(Home, args);

    private Task<AideResult> AideWithInput(string input, params string[] args) => AideProcess.RunWithInputAsync(Home, input, args);
}
