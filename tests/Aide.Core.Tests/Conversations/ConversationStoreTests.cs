using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Core.Tests.Conversations;

public sealed class ConversationStoreTests : IAsyncLifetime
{
    private readonly StoreFixture _fixture = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task The_database_is_private_versioned_wal_and_marked_as_aide()
    {
        await _fixture.Store.GetOrCreateAsync("a", null, Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_fixture.DatabasePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_fixture.DatabasePath)!));
        using var connection = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)Aide.Conversations.Store.StoreSchema.Migrations.Length, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal(0x41494445L, Scalar(connection, "PRAGMA application_id"));
    }

    [Fact]
    public async Task A_database_from_a_newer_aide_is_refused_and_left_untouched()
    {
        var path = Path.Combine(_fixture.Directory, "newer.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "CREATE TABLE future(x); PRAGMA user_version = 99; PRAGMA application_id = 1095320645");
        }

        var before = File.ReadAllBytes(path);
        var error = Assert.Throws<ConversationStoreException>(() => SqliteConversationStore.Open(path));

        Assert.Equal(ConversationStoreError.NewerSchema, error.Error);
        Assert.Contains("newer Aide", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_foreign_sqlite_database_is_refused_and_left_untouched()
    {
        var path = Path.Combine(_fixture.Directory, "foreign.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "CREATE TABLE customers(id INTEGER)");
        }

        var error = Assert.Throws<ConversationStoreException>(() => SqliteConversationStore.Open(path));

        Assert.Contains("did not create", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_moved_aside_and_a_new_store_starts()
    {
        var path = Path.Combine(_fixture.Directory, "garbage.db");
        await File.WriteAllTextAsync(path, "garbage that is not SQLite", Ct);

        await using var store = SqliteConversationStore.Open(path);

        Assert.NotNull(store.SetAsideFile);
        Assert.Equal("garbage that is not SQLite", await File.ReadAllTextAsync(store.SetAsideFile!, Ct));
        Assert.Empty(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task Closing_keeps_the_log_and_a_log_whose_database_was_deleted_is_not_replayed()
    {
        var path = Path.Combine(_fixture.Directory, "kept.db");
        await using (var store = SqliteConversationStore.Open(path))
        {
            var (conversation, _) = await store.GetOrCreateAsync("kept", null, Ct);
            await store.AppendAsync(conversation.Id, new MessageDraft("user", "remember me", 2), Ct);
        }

        Assert.True(new FileInfo(path + "-wal").Length > 0);
        await using (var reopened = SqliteConversationStore.Open(path))
        {
            Assert.Equal(1, (await reopened.FindAsync("kept", Ct))!.MessageCount);
        }

        // Someone deletes the database to start afresh and leaves its log behind.
        File.Delete(path);
        await using var fresh = SqliteConversationStore.Open(path);

        Assert.Empty(await fresh.ListAsync(Ct));
        var (again, created) = await fresh.GetOrCreateAsync("kept", null, Ct);
        Assert.True(created);
        Assert.Equal(1, (await fresh.AppendAsync(again.Id, new MessageDraft("user", "new start", 2), Ct)).Message.Sequence);
    }

    [Fact]
    public async Task A_log_grown_past_the_limit_is_checkpointed_and_truncated_on_close()
    {
        var path = Path.Combine(_fixture.Directory, "grown.db");
        var text = new string('x', 96 * 1024);
        await using (var store = SqliteConversationStore.Open(path))
        {
            var (conversation, _) = await store.GetOrCreateAsync("big", null, Ct);
            for (var i = 0; i < 16; i++)
            {
                await store.AppendAsync(conversation.Id, new MessageDraft("user", text, 1), Ct);
            }

            Assert.True(new FileInfo(path + "-wal").Length > PrivateSqlite.LogCheckpointBytes);
        }

        Assert.True(new FileInfo(path).Length > 16 * text.Length, "closing copies the grown log into the database");
        Assert.Equal(0, new FileInfo(path + "-wal").Length);
        await using (var store = SqliteConversationStore.Open(path))
        {
            var conversation = (await store.FindAsync("big", Ct))!;
            await store.AppendAsync(conversation.Id, new MessageDraft("user", "small", 1), Ct);
            Assert.Equal(17, (await store.FindAsync("big", Ct))!.MessageCount);
        }

        Assert.InRange(new FileInfo(path + "-wal").Length, 1, PrivateSqlite.LogCheckpointBytes);
    }

    [Fact]
    public async Task A_busy_log_is_checkpointed_in_the_background_and_restarts_instead_of_growing()
    {
        var text = new string('x', 8 * 1024);
        async Task<uint> RestartsDuringAppends(string file, int commitsPerCheckpoint)
        {
            var path = Path.Combine(_fixture.Directory, file);
            await using var store = SqliteConversationStore.Open(path, new SqliteConversationStoreOptions { CommitsPerCheckpoint = commitsPerCheckpoint });
            var (conversation, _) = await store.GetOrCreateAsync("busy", null, Ct);
            for (var i = 0; i < 40; i++)
            {
                await store.AppendAsync(conversation.Id, new MessageDraft("user", text, 1), Ct);

                // A busy thread pool (the other tests) may start a checkpoint late; its effect, not its timing, is tested.
                await store.CheckpointIdle;
            }

            // Read while the store is open, since closing a log over 1 MB checkpoints and truncates it.
            return LogRestarts(path);
        }

        Assert.Equal(0u, await RestartsDuringAppends("never.db", int.MaxValue));

        // 41 commits (the conversation and 40 messages), a checkpoint after every 4th, each followed by a restart.
        Assert.InRange(await RestartsDuringAppends("often.db", 4), 9u, 10u);

        // Closed and opened again: nothing lost, the file opens consistent.
        await using var reopened = SqliteConversationStore.Open(Path.Combine(_fixture.Directory, "often.db"));
        var busy = (await reopened.FindAsync("busy", Ct))!;
        Assert.Equal(40, busy.MessageCount);
        Assert.Equal(40, (await reopened.GetMessagesAsync(busy.Id, Ct)).Count);
    }

    [Fact]
    public async Task Frames_committed_during_a_background_checkpoint_are_copied_by_the_next_write_which_restarts_the_log()
    {
        var path = Path.Combine(_fixture.Directory, "left.db");
        await using var store = SqliteConversationStore.Open(path, new SqliteConversationStoreOptions { CommitsPerCheckpoint = 3 });
        var (conversation, _) = await store.GetOrCreateAsync("left", null, Ct);
        await store.AppendAsync(conversation.Id, new MessageDraft("user", "one", 1), Ct);

        // A reader (another process) on the snapshot before the third commit: the background pass cannot copy that
        // commit, as it cannot copy what commits make beside it on a busy store.
        using var reader = new SqliteConnection($"Data Source={path};Pooling=False");
        reader.Open();
        using var snapshot = reader.BeginTransaction(deferred: true);
        Assert.Equal(1L, Scalar(reader, "SELECT count(*) FROM messages", snapshot));
        await store.AppendAsync(conversation.Id, new MessageDraft("user", "two", 1), Ct);
        await store.CheckpointIdle;
        snapshot.Commit();
        var restarts = LogRestarts(path);

        await store.AppendAsync(conversation.Id, new MessageDraft("user", "three", 1), Ct);

        Assert.Equal(restarts + 1, LogRestarts(path));
        Assert.Equal(["one", "two", "three"], (await store.GetMessagesAsync(conversation.Id, Ct)).Select(m => m.Content));
    }

    /// <summary>The log's header counts its restarts: the "checkpoint sequence number", big-endian, bytes 12-15.</summary>
    private static uint LogRestarts(string databasePath)
    {
        var header = new byte[16];
        using var log = new FileStream(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }

    [Fact]
    public async Task A_message_with_a_deferred_flush_is_committed_at_once_and_seen_by_other_processes()
    {
        var (conversation, _) = await _fixture.Store.GetOrCreateAsync("q", null, Ct);

        var question = await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("user", "pending question", 3, DeferFlush: true), Ct);

        // Another connection (as another aide process would) sees it before anything else is written or closed.
        await using var other = SqliteConversationStore.Open(_fixture.DatabasePath);
        var seen = await other.ReadNewestFirstAsync(conversation.Id, 0, cancellationToken: Ct).ToListAsync(Ct);
        Assert.Equal(("pending question", question.Message.Sequence), (Assert.Single(seen).Content, seen[0].Sequence));
    }

    [Fact]
    public void Message_metadata_reads_what_the_earlier_serializer_wrote_and_round_trips()
    {
        var metadata = new Dictionary<string, string> { ["provider"] = "openai=http://x/v1", ["note"] = "\"quoted\" <b> é ✓\n", ["empty"] = "" };
        var earlier = System.Text.Json.JsonSerializer.Serialize(metadata, Aide.Conversations.Export.ConversationJsonContext.Default.DictionaryStringString);

        Assert.Equal(metadata, MetadataJson.Read(earlier));
        Assert.Equal(metadata, MetadataJson.Read(MetadataJson.Write(metadata)!));
        Assert.Null(MetadataJson.Write(new Dictionary<string, string>()));
        Assert.Throws<System.Text.Json.JsonException>(() => MetadataJson.Read("[\"not\", \"an object\"]"));
        Assert.Throws<System.Text.Json.JsonException>(() => MetadataJson.Read("{\"n\": 1}"));
    }

    [Fact]
    public async Task Entities_count_mentions_and_go_when_their_last_message_goes()
    {
        var (conversation, _) = await _fixture.Store.GetOrCreateAsync("e", null, Ct);
        var url = new DetectedEntity(EntityKinds.Url, "https://example.com");
        var mail = new DetectedEntity(EntityKinds.Email, "a@b.io");

        var first = await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("user", "x", 1, [url, mail]), Ct);
        var second = await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("user", "y", 1, [url]), Ct);
        var removed = await _fixture.Store.RemoveMessageAsync(conversation.Id, first.Message.Sequence, Ct);

        Assert.All(first.Entities, m => Assert.True(m.IsNew));
        Assert.False(Assert.Single(second.Entities).IsNew);
        Assert.Equal(2, Assert.Single(second.Entities).Entity.Mentions);
        Assert.Equal(mail.Id, Assert.Single(removed!.EntitiesRemoved).Id);
        var left = Assert.Single(await _fixture.Store.GetEntitiesAsync(conversation.Id, Ct));
        Assert.Equal((url.Id, 1), (left.Id, left.Mentions));
    }

    [Fact]
    public async Task Sequences_are_never_reused_and_counts_follow_appends_and_removals()
    {
        var (conversation, _) = await _fixture.Store.GetOrCreateAsync("s", null, Ct);
        await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("user", "1", 5), Ct);
        var two = await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("assistant", "2", 7), Ct);
        await _fixture.Store.RemoveMessageAsync(conversation.Id, two.Message.Sequence, Ct);
        var three = await _fixture.Store.AppendAsync(conversation.Id, new MessageDraft("user", "3", 11), Ct);

        Assert.Equal(3, three.Message.Sequence);
        Assert.Equal((2, 16L), (three.Conversation.MessageCount, three.Conversation.TokenCount));
    }

    [Fact]
    public async Task An_import_that_fails_half_way_leaves_nothing_behind()
    {
        var messages = Enumerable.Range(1, 50).Select(i => new StoredMessage($"m{i}", i, "user", $"message {i}", 2, _fixture.Time.GetUtcNow())).ToList();
        var document = new ConversationDocument(ConversationDocument.FormatName, 1, _fixture.Time.GetUtcNow(), new ConversationInfo("x", "imported", null, null, _fixture.Time.GetUtcNow(), _fixture.Time.GetUtcNow(), 50, 100), messages, []);
        IReadOnlyList<IReadOnlyList<DetectedEntity>> tooFewEntityLists = [.. Enumerable.Repeat<IReadOnlyList<DetectedEntity>>([], 25)];

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _fixture.Store.ImportAsync(document, "imported", tooFewEntityLists, Ct));

        Assert.Empty(await _fixture.Store.ListAsync(Ct));
    }

    [Fact]
    public async Task A_write_blocked_by_another_process_lock_fails_clearly_after_the_wait()
    {
        await using var store = SqliteConversationStore.Open(_fixture.DatabasePath, new SqliteConversationStoreOptions { LockTimeout = TimeSpan.FromSeconds(1) });
        using var holder = new SqliteConnection($"Data Source={_fixture.DatabasePath};Pooling=False");
        holder.Open();
        Execute(holder, "BEGIN EXCLUSIVE");

        var error = await Assert.ThrowsAsync<ConversationStoreException>(() => store.GetOrCreateAsync("blocked", null, Ct));

        Assert.Equal(ConversationStoreError.Locked, error.Error);
        Assert.Contains("locked by another process", error.Message, StringComparison.Ordinal);
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
