using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>
/// Versioned schemas in files marked with <c>PRAGMA application_id</c> and <c>PRAGMA user_version</c>, shared by the
/// conversation store and the cache's disk tier: whose file it is is checked before anything in it changes, and
/// migrations are safe when two processes open a new file at once.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Returns the file's schema version, or throws what <paramref name="refuse"/> makes of a file that is not ours or too new.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="applicationId">Our application_id.</param>
    /// <param name="knownVersions">The newest version this build can migrate to.</param>
    /// <param name="refuse">Builds the caller's exception from the problem and the offending id or version.</param>
    public static long CheckOwnership(SqliteConnection connection, long applicationId, int knownVersions, Func<SchemaProblem, long, Exception> refuse)
    {
        // One statement, so one read snapshot: read one by one, another process creating the same file could commit
        // its first migration in between, and a file just made ours would look like an unmarked foreign database.
        long fileApplicationId, version, objects;
        using (var command = SqliteStatements.Command(
            connection,
            "SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)",
            transaction: null))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (fileApplicationId, version, objects) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        if (fileApplicationId != 0 && fileApplicationId != applicationId)
        {
            throw refuse(SchemaProblem.ForeignApplication, fileApplicationId);
        }

        if (version > knownVersions)
        {
            throw refuse(SchemaProblem.NewerVersion, version);
        }

        if (version == 0 && fileApplicationId == 0 && objects > 0)
        {
            throw refuse(SchemaProblem.Unmarked, 0);
        }

        return version;
    }

    /// <summary>Applies the migrations after <paramref name="version"/>, one transaction each, marking the file as ours.</summary>
    public static void Migrate(SqliteConnection connection, long version, long applicationId, IReadOnlyList<string> migrations)
    {
        while (version < migrations.Count)
        {
            // Another process may be migrating the same file: read the version again inside the write lock.
            using var transaction = connection.BeginTransaction(deferred: false);
            version = SqliteStatements.Scalar<long>(connection, "PRAGMA user_version", transaction);
            if (version < migrations.Count)
            {
                SqliteStatements.Execute(connection, migrations[(int)version], transaction);
                SqliteStatements.Execute(connection, "PRAGMA user_version = " + (version + 1).ToString(CultureInfo.InvariantCulture), transaction);
                SqliteStatements.Execute(connection, "PRAGMA application_id = " + applicationId.ToString(CultureInfo.InvariantCulture), transaction);
                version++;
            }

            transaction.Commit();
        }
    }
}
