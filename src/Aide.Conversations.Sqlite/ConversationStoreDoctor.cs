using Aide.Storage;
using Microsoft.Data.Sqlite;

namespace Aide.Conversations.Store;

/// <summary>
/// <c>aide history doctor</c>: checks the conversation database and the damaged copies kept beside it
/// (<see cref="StoreDamage"/>), says what is damaged and what can be saved, and repairs: a damaged database is
/// rebuilt from what SQLite can still read into a fresh file (the damaged one is kept), and what a set-aside
/// database holds is brought back into the current one. Run it while no other <c>aide</c> uses the store.
/// </summary>
public static class ConversationStoreDoctor
{
    /// <summary>The tables of the store, parents first.</summary>
    private static readonly string[] Tables = ["conversations", "messages", "items", "entities", "mentions", "usage"];

    /// <summary>Checks the database at <paramref name="path"/> and the damaged copies kept beside it; changes nothing.</summary>
    /// <param name="path">The conversation database.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>What was found.</returns>
    public static Task<StoreCheck> CheckAsync(string path, CancellationToken cancellationToken = default) => Task.Run(
        () =>
        {
            path = Path.GetFullPath(path);
            var problem = File.Exists(path) ? Problem(path) : null;
            var kept = StoreDamage.FindKept(path).Select(k => Describe(path, k, cancellationToken)).ToList();
            return new StoreCheck(path, File.Exists(path), problem, problem is null ? null : Readable(path), kept);
        },
        cancellationToken);

    /// <summary>
    /// Repairs what <see cref="CheckAsync"/> finds: a damaged database is rebuilt from what can be read (the damaged file
    /// moved aside and kept as <c>.recovered-STAMP</c>); each set-aside database's readable conversations are added to
    /// the current one (a name already in use gets <c>-recovered</c>) and the copy renamed <c>.recovered-STAMP</c>; a
    /// kept log, whose frames after the damage cannot be verified, is renamed <c>.kept-STAMP</c> for inspection.
    /// </summary>
    /// <param name="path">The conversation database.</param>
    /// <param name="timeProvider">The clock for the names of the kept files.</param>
    /// <param name="cancellationToken">Cancels before the next step.</param>
    /// <returns>What was done.</returns>
    public static Task<StoreRepair> RepairAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) => Task.Run(
        () =>
        {
            path = Path.GetFullPath(path);
            var time = timeProvider ?? TimeProvider.System;
            var problems = new List<string>();
            var renamed = new List<string>();
            string? rebuiltFrom = null;
            if (File.Exists(path) && Problem(path) is { } damage)
            {
                rebuiltFrom = Rebuild(path, time, problems);
                problems.Insert(0, damage);
            }

            int conversations = 0, messages = 0;
            foreach (var kept in StoreDamage.FindKept(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (StoreDamage.IsKeptLog(kept, Path.GetFileName(path)))
                {
                    renamed.Add(Rename(kept, kept.Replace("-wal.damaged-", "-wal.kept-", StringComparison.Ordinal)));
                    continue;
                }

                var (c, m) = Merge(path, kept, problems);
                conversations += c;
                messages += m;
                renamed.Add(RenameWithLog(kept, StoreDamage.Recovered(kept)));
            }

            return new StoreRepair(path, rebuiltFrom, conversations, messages, renamed, problems);
        },
        cancellationToken);

    /// <summary>What is wrong with the database, or <see langword="null"/> when SQLite finds it sound.</summary>
    private static string? Problem(string path)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check(20)";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }

            return lines is ["ok"] ? WalProblem(path) : "SQLite's integrity check failed: " + string.Join("; ", lines);
        }
        catch (SqliteException ex)
        {
            return $"it cannot be read ({ex.Message})";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static string? WalProblem(string path) => WalInspection.Inspect(path + "-wal") is { LosesCommits: true } wal
        ? $"its write-ahead log is damaged: {wal.DroppedCommits} committed transactions after the damage cannot be read"
        : null;

    /// <summary>How much a salvage of <paramref name="database"/> would bring back, read into a scratch database.</summary>
    private static StoreContents? Readable(string database) => Salvaged(database, (_, rows, _) => rows);

    private static KeptCopy Describe(string path, string kept, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var bytes = new FileInfo(kept).Length;
        if (StoreDamage.IsKeptLog(kept, Path.GetFileName(path)))
        {
            var wal = WalInspection.Inspect(kept);
            return new KeptCopy(kept, KeptCopyKind.WriteAheadLog, bytes, null, wal is null ? "empty" : $"{wal.DroppedCommits} committed transactions ({wal.DroppedFrames} frames) after the damage; they cannot be verified, so they are not replayed");
        }

        var problems = new List<string>();
        var contents = Salvaged(kept, (_, rows, found) =>
        {
            problems.AddRange(found);
            return rows;
        });
        return new KeptCopy(kept, KeptCopyKind.Database, bytes, contents, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Salvages <paramref name="damaged"/> into a scratch database and hands it to <paramref name="use"/>.</summary>
    private static T? Salvaged<T>(string damaged, Func<string, StoreContents, IReadOnlyList<string>, T> use)
    {
        var scratch = Directory.CreateTempSubdirectory("aide-doctor-");
        try
        {
            PrivateDirectory.Restrict(scratch.FullName);
            var target = Path.Combine(scratch.FullName, "salvaged.db");
            var result = SalvageInto(damaged, target);
            return use(target, Count(result), result.Problems);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>A fresh store (current schema) at <paramref name="target"/> holding what can be read of <paramref name="damaged"/>.</summary>
    private static SqliteSalvage.Result SalvageInto(string damaged, string target)
    {
        SqliteConversationStore.Open(target).DisposeAsync().AsTask().GetAwaiter().GetResult();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        connection.Open();
        var result = SqliteSalvage.Copy(damaged, connection, Tables);
        using var command = connection.CreateCommand();

        // Counts follow the rows that came back, whatever the damaged file said.
        command.CommandText = """
            UPDATE conversations SET
                message_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id),
                token_count = (SELECT coalesce(sum(token_count), 0) FROM messages m WHERE m.conversation_id = conversations.id),
                next_seq = max(next_seq, (SELECT coalesce(max(seq), 0) + 1 FROM messages m WHERE m.conversation_id = conversations.id));
            DELETE FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations);
            """;
        command.ExecuteNonQuery();
        return result;
    }

    private static StoreContents Count(SqliteSalvage.Result result) =>
        new(result.Rows.GetValueOrDefault("conversations"), result.Rows.GetValueOrDefault("messages"), result.Rows.GetValueOrDefault("items"));

    /// <summary>Rebuilds a damaged database from what can be read; the damaged file is kept. Returns the kept file.</summary>
    private static string Rebuild(string path, TimeProvider time, List<string> problems)
    {
        var fresh = path + ".rebuilding";
        DeleteWithLog(fresh);
        var result = SalvageInto(path, fresh);
        problems.AddRange(result.Problems);
        SqliteConnection.ClearAllPools();
        var kept = StoreDamage.NextName(path + ".recovered-", time);
        RenameWithLog(path, kept);
        RenameWithLog(fresh, path);
        return kept;
    }

    /// <summary>Adds what can be read of a set-aside database to the current one; returns the conversations and messages added.</summary>
    private static (int Conversations, int Messages) Merge(string path, string setAside, List<string> problems)
    {
        return Salvaged(setAside, (salvaged, _, found) =>
        {
            problems.AddRange(found.Select(f => $"{Path.GetFileName(setAside)}: {f}"));
            SqliteConversationStore.Open(path).DisposeAsync().AsTask().GetAwaiter().GetResult();
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ATTACH DATABASE $s AS s";
            command.Parameters.AddWithValue("$s", salvaged);
            command.ExecuteNonQuery();
            command.Parameters.Clear();
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            command.CommandText = """
                CREATE TEMP TABLE added AS SELECT id FROM s.conversations WHERE id NOT IN (SELECT id FROM main.conversations);
                INSERT INTO main.conversations(id, name, title, model, created_at, updated_at, message_count, token_count, next_seq, branched_from, branched_at)
                SELECT id,
                       CASE WHEN EXISTS(SELECT 1 FROM main.conversations m WHERE m.name = c.name COLLATE NOCASE)
                            THEN substr(c.name, 1, 50) || '-recovered-' || substr(c.id, 1, 4) ELSE c.name END,
                       title, model, created_at, updated_at, message_count, token_count, next_seq, branched_from, branched_at
                FROM s.conversations c WHERE id IN (SELECT id FROM added);
                INSERT OR IGNORE INTO main.messages(conversation_id, id, seq, role, content, token_count, created_at, kind, summarized_through, metadata, reply_to, pending)
                SELECT conversation_id, id, seq, role, content, token_count, created_at, kind, summarized_through, metadata, reply_to, CASE WHEN pending IS NULL THEN NULL ELSE '' END
                FROM s.messages WHERE conversation_id IN (SELECT id FROM added);
                INSERT OR IGNORE INTO main.items SELECT * FROM s.items WHERE conversation_id IS NULL OR conversation_id IN (SELECT id FROM added);
                INSERT OR IGNORE INTO main.entities SELECT * FROM s.entities WHERE conversation_id IN (SELECT id FROM added);
                INSERT OR IGNORE INTO main.mentions SELECT * FROM s.mentions WHERE conversation_id IN (SELECT id FROM added);
                SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM main.messages WHERE conversation_id IN (SELECT id FROM added));
                """;
            (int, int) added;
            using (var reader = command.ExecuteReader())
            {
                // The statements before the last return no rows: the reader stands on the counts.
                reader.Read();
                added = (reader.GetInt32(0), reader.GetInt32(1));
            }

            command.CommandText = "DROP TABLE temp.added";
            command.ExecuteNonQuery();
            transaction.Commit();
            command.Transaction = null;
            command.CommandText = "DETACH DATABASE s";
            command.ExecuteNonQuery();
            return added;
        });
    }

    private static string Rename(string from, string to)
    {
        File.Move(from, to);
        return to;
    }

    private static string RenameWithLog(string from, string to)
    {
        File.Move(from, to);
        foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
        {
            if (File.Exists(from + suffix))
            {
                File.Move(from + suffix, to + suffix, overwrite: true);
            }
        }

        return to;
    }

    private static void DeleteWithLog(string path)
    {
        File.Delete(path);
        PrivateSqlite.DeleteJournals(path);
    }
}
