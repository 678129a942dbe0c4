using Aide.Conversations.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Conversations;

/// <summary>Damaged conversation files are set aside visibly and recovered by the doctor (issue 28).</summary>
public sealed class StoreDoctorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aide-doctor-test-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DatabasePath => Path.Combine(_folder, "conversations.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_zeroed_header_byte_is_set_aside_reported_and_recovered_whole_by_the_repair()
    {
        await FillAsync(conversations: 3, turns: 43); // 258 messages, some still in the log
        DamageByte(DatabasePath, 0);

        await (await OpenAsync()).DisposeAsync();
        var found = await ConversationStoreDoctor.CheckAsync(DatabasePath, Ct);
        var kept = Assert.Single(found.Kept);
        Assert.False(found.IsHealthy);
        Assert.Equal(KeptCopyKind.Database, kept.Kind);
        Assert.Equal(new StoreContents(3, 258, 0), kept.Readable);

        await FillAsync(conversations: 1, turns: 1, prefix: "new"); // used meanwhile: kept as it is
        var repair = await ConversationStoreDoctor.RepairAsync(DatabasePath, _time, Ct);

        Assert.Equal((3, 258), (repair.ConversationsRecovered, repair.MessagesRecovered));
        Assert.Contains(repair.Renamed, r => r.Contains(".recovered-", StringComparison.Ordinal));
        Assert.Empty(StoreDamage.FindKept(DatabasePath));
        Assert.True((await ConversationStoreDoctor.CheckAsync(DatabasePath, Ct)).IsHealthy);
        await using var store = await OpenAsync();
        var all = await store.ListAsync(Ct);
        Assert.Equal(4, all.Count);
        Assert.Equal(86, (await store.GetMessagesAsync((await store.FindAsync("c1", Ct))!.Id, Ct)).Count);
    }

    [Fact]
    public async Task A_name_used_meanwhile_is_not_overwritten_by_the_recovered_conversation()
    {
        await FillAsync(conversations: 1, turns: 2, checkpoint: true);
        DamageByte(DatabasePath, 0);
        await (await OpenAsync()).DisposeAsync();
        await FillAsync(conversations: 1, turns: 1); // a new "c0"

        await ConversationStoreDoctor.RepairAsync(DatabasePath, _time, Ct);

        await using var store = await OpenAsync();
        var names = (await store.ListAsync(Ct)).Select(c => c.Name).Order().ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal("c0", names[0]);
        Assert.StartsWith("c0-recovered-", names[1], StringComparison.Ordinal);
        Assert.Equal(2, (await store.FindAsync("c0", Ct))!.MessageCount);
    }

    [Fact]
    public async Task A_truncated_database_is_reported_and_rebuilt_from_what_can_be_read_keeping_the_damaged_file()
    {
        await FillAsync(conversations: 4, turns: 120, checkpoint: true);
        using (var file = new FileStream(DatabasePath, FileMode.Open))
        {
            file.SetLength(file.Length * 2 / 3);
        }

        var found = await ConversationStoreDoctor.CheckAsync(DatabasePath, Ct);
        var repair = await ConversationStoreDoctor.RepairAsync(DatabasePath, _time, Ct);

        Assert.NotNull(found.Problem);
        Assert.NotNull(found.Readable);
        Assert.InRange(found.Readable!.Messages, 1, 959);
        Assert.NotNull(repair.RebuiltFrom);
        Assert.True(File.Exists(repair.RebuiltFrom));
        Assert.True((await ConversationStoreDoctor.CheckAsync(DatabasePath, Ct)).IsHealthy);
        await using var store = await OpenAsync();
        Assert.NotEmpty(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Committed_turns_after_a_damaged_log_frame_are_reported_and_the_log_kept_before_SQLite_drops_them()
    {
        await FillAsync(conversations: 1, turns: 3);
        var log = DatabasePath + "-wal";
        Assert.True(new FileInfo(log).Length > 32 * 1024, "the turns should still be in the log");
        DamageByte(log, 32 + 24 + 100); // the first frame's page

        await using var store = await OpenAsync();

        Assert.NotNull(store.DamagedLogCopy);
        Assert.True(File.Exists(store.DamagedLogCopy));
        var kept = Assert.Single((await ConversationStoreDoctor.CheckAsync(DatabasePath, Ct)).Kept);
        Assert.Equal(KeptCopyKind.WriteAheadLog, kept.Kind);
        Assert.Contains("committed transactions", kept.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_restarted_after_a_checkpoint_with_stale_frames_behind_is_not_damage()
    {
        await FillAsync(conversations: 1, turns: 30, checkpoint: true);
        await FillAsync(conversations: 1, turns: 2, prefix: "later"); // the log restarts over the old frames

        await using var store = await OpenAsync();

        Assert.Null(store.DamagedLogCopy);
        Assert.Empty(StoreDamage.FindKept(DatabasePath));
    }

    private Task<SqliteConversationStore> OpenAsync() => Task.FromResult(SqliteConversationStore.Open(DatabasePath, timeProvider: _time));

    private async Task FillAsync(int conversations, int turns, string prefix = "c", bool checkpoint = false)
    {
        await using var store = await OpenAsync();
        for (var c = 0; c < conversations; c++)
        {
            var (conversation, _) = await store.GetOrCreateAsync($"{prefix}{c}", "gpt-4o", Ct);
            for (var t = 0; t < turns; t++)
            {
                var question = await store.AppendAsync(conversation.Id, new Aide.Conversations.MessageDraft("user", $"question {t} of {prefix}{c}", 5), Ct);
                await store.AppendAsync(conversation.Id, new Aide.Conversations.MessageDraft("assistant", $"answer {t}", 3) { ReplyTo = question.Message.Sequence }, Ct);
            }
        }

        if (checkpoint)
        {
            using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }
    }

    private static void DamageByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value == 0 ? 0x5a : 0));
    }
}
