using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aide.Health.Checks;

/// <summary>
/// Whether an SQLite file (the conversation store, the cache) is sound: <c>PRAGMA quick_check</c> on a read-only
/// connection. A file not created yet is healthy; a busy one is degraded; damage is unhealthy. Reports <c>size_mb</c>.
/// </summary>
/// <param name="path">The database file.</param>
public sealed class StoreIntegrityCheck(string path) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
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
