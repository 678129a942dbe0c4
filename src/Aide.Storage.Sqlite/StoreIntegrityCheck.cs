using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Storage;

/// <summary>
/// Whether an SQLite file (the conversation store, the cache) is sound: <c>PRAGMA quick_check</c> on a read-only
/// connection. A file not created yet is healthy; a busy one is degraded; damage is unhealthy, and so are damaged
/// copies set aside beside it that nobody has recovered yet (found by <paramref name="findKeptCopies"/>; the
/// conversation store's: their conversations are out of use). Reports <c>size_mb</c>.
/// </summary>
/// <param name="path">The database file.</param>
/// <param name="findKeptCopies">Finds damaged copies kept beside the file, for a store that keeps them.</param>
public sealed class StoreIntegrityCheck(string path, Func<string, IReadOnlyList<string>>? findKeptCopies = null) : IHealthCheck
{
    /// <summary>A check of the file at <paramref name="path"/>, repaired by reindexing (<see cref="Reindex"/>), at background priority.</summary>
    /// <param name="name">The component's name (e.g. <c>store cache</c>).</param>
    /// <param name="path">The database file.</param>
    /// <param name="findKeptCopies">Finds damaged copies kept beside the file, for a store that keeps them.</param>
    /// <returns>The entry.</returns>
    public static Health.HealthCheckEntry Entry(string name, string path, Func<string, IReadOnlyList<string>>? findKeptCopies = null) =>
        new(name, new StoreIntegrityCheck(path, findKeptCopies), Health.HealthPriority.Background) { Recovery = [Reindex(path)] };

    /// <summary>Checkpoints an SQLite database's write-ahead log and rebuilds its indexes (repairs index damage).</summary>
    /// <param name="path">The database file.</param>
    /// <returns>The strategy.</returns>
    public static Health.Recovery.IRecoveryStrategy Reindex(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Health.Recovery.RecoveryStrategy.From("reindex-store", async ct =>
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 2000; PRAGMA wal_checkpoint(TRUNCATE); REINDEX;";
            await command.ExecuteNonQueryAsync(ct);
        });
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (findKeptCopies?.Invoke(path) is { Count: > 0 } kept)
        {
            return HealthCheckResult.Unhealthy(
                $"damaged copies of {Path.GetFileName(path)} are set aside and out of use: {string.Join(", ", kept.Select(Path.GetFileName))}; run aide history doctor (--repair brings them back)",
                data: new Dictionary<string, object> { ["kept_copies"] = kept.Count });
        }

        if (!File.Exists(path))
        {
            return HealthCheckResult.Healthy($"{path} not created yet");
        }

        var data = new Dictionary<string, object> { ["size_mb"] = Math.Round(new FileInfo(path).Length / (1024.0 * 1024), 3) };
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            command.CommandTimeout = 1; // Microsoft.Data.Sqlite retries a locked file until then
            var problems = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken) && problems.Count < 3)
                {
                    problems.Add(reader.GetString(0));
                }
            }

            return problems is ["ok"]
                ? HealthCheckResult.Healthy($"{path}: ok", data)
                : HealthCheckResult.Unhealthy($"{path} is damaged: {string.Join("; ", problems)}", data: data);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return HealthCheckResult.Degraded($"{path} is busy (locked by another process)", data: data);
        }
        catch (SqliteException ex)
        {
            return HealthCheckResult.Unhealthy($"{path} cannot be read: {ex.Message}", data: data);
        }
    }
}
