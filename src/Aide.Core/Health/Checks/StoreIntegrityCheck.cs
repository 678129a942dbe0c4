using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>
/// Whether an SQLite file (the conversation store, the cache) is sound: <c>PRAGMA quick_check</c> on a read-only
/// connection. A file not created yet is healthy; a busy one is degraded; damage is unhealthy, and so (with
/// <paramref name="reportKeptCopies"/>) are damaged copies set aside beside it that nobody has recovered yet
/// (<see cref="Conversations.Store.StoreDamage"/>): their conversations are out of use. Reports <c>size_mb</c>.
/// </summary>
/// <param name="path">The database file.</param>
/// <param name="reportKeptCopies">Whether damaged copies kept beside the file count (the conversation store's: yes; the cache's: no).</param>
public sealed class StoreIntegrityCheck(string path, bool reportKeptCopies = false) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (reportKeptCopies && Conversations.Store.StoreDamage.FindKept(path) is { Count: > 0 } kept)
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
