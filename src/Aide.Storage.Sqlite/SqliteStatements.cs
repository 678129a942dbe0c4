using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>One-off SQLite statements with named parameters, shared by the conversation store and the cache's disk tier.</summary>
internal static class SqliteStatements
{
    public static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, transaction, parameters);
        return command;
    }

    /// <summary>Sets a command's transaction and replaces its parameters (null values become SQL NULL).</summary>
    public static void Bind(SqliteCommand command, SqliteTransaction? transaction, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    /// <summary>Converts a scalar result (SQLite hands back long, double, string or byte[]) to <typeparamref name="T"/>.</summary>
    public static T ConvertScalar<T>(object? value) => (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);

    public static int Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    public static T Scalar<T>(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = Command(connection, sql, transaction, parameters);
        return ConvertScalar<T>(command.ExecuteScalar());
    }
}
