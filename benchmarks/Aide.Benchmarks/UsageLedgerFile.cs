using Aide.Conversations.Store;
using Aide.Usage;

namespace Aide.Benchmarks;

/// <summary>A history store holding N recorded turns over the last 30 days, for <c>aide usage</c>'s measurement.</summary>
internal static class UsageLedgerFile
{
    private static readonly string[] Models = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "claude-sonnet-4", "qwen2.5-7b", "llama3.2"];

    /// <summary><c>usage-ledger DIR [turns]</c>: DIR/data/aide/conversations.db, as XDG_DATA_HOME=DIR/data finds it.</summary>
    public static async Task<int> RunAsync(string directory, int turns)
    {
        var path = Path.Combine(directory, "data", "aide", "conversations.db");
        await using var store = SqliteConversationStore.Open(path);
        await Fill(store, path, turns, TimeProvider.System.GetUtcNow());
        Console.WriteLine($"{turns:N0} recorded turns in {path}");
        return 0;
    }

    public static async Task Fill(SqliteConversationStore store, string path, int turns, DateTimeOffset now)
    {
        for (var i = 0; i < 200; i++)
        {
            await store.GetOrCreateAsync($"conversation-{i}", "gpt-4o-mini");
        }

        // Through the ledger's own insert (the gateway's batches), 10,000 to a transaction; a fifth of them the
        // gateway's stateless requests with a key, the rest the CLI's saved turns (their conversation named by id).
        var random = new Random(35);
        for (var start = 0; start < turns; start += 10_000)
        {
            var batch = Enumerable.Range(start, Math.Min(10_000, turns - start)).Select(i =>
            {
                var model = Models[i % Models.Length];
                var price = PriceTable.Default.Find("openai", model, now);
                long input = random.Next(50, 4000), output = random.Next(10, 800);
                return new UsageRecord
                {
                    At = now.AddSeconds(-30.0 * 86_400 * (turns - i) / turns),
                    Provider = model.StartsWith("qwen", StringComparison.Ordinal) || model.StartsWith("llama", StringComparison.Ordinal) ? "ollama" : "openai",
                    Model = model,
                    Caller = i % 5 == 0 ? $"key-{i % 3}" : null,
                    InputTokens = input,
                    OutputTokens = output,
                    FromCache = i % 7 == 0,
                    CostNanos = i % 7 == 0 ? 0 : price?.CostNanos(input, 0, output) ?? 0,
                    SavedNanos = i % 7 == 0 ? price?.CostNanos(input, 0, output) ?? 0 : 0,
                    Currency = price?.Currency,
                };
            }).ToList();
            await store.RecordAsync(batch);
        }

        // The owner's rows belong to conversations, as the CLI's answers' rows do (RecordAsync names none).
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE usage SET conversation_id = (SELECT id FROM conversations WHERE name = 'conversation-' || (usage.id % 200)) WHERE caller IS NULL";
        update.ExecuteNonQuery();
    }
}
