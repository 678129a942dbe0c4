using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Aide.Storage;

/// <summary>
/// Reads what can still be read of a damaged SQLite database into another one: a copy of the file (and its
/// write-ahead log) is made in a private scratch folder, its header mended when that is what is wrong (a zeroed byte
/// makes SQLite call the whole file "not a database"), and each table read row by row in rowid order, stepping over
/// what fails to read. The damaged file itself is never written.
/// </summary>
/// <remarks>
/// By hand because SQLite's own recovery (<c>.recover</c>) lives in its command-line shell, not in the library that
/// Microsoft.Data.Sqlite ships, and Aide must not depend on an external <c>sqlite3</c>.
/// </remarks>
internal static class SqliteSalvage
{
    private const int Page = 256;

    /// <summary>What was read.</summary>
    /// <param name="Rows">Rows copied, per table.</param>
    /// <param name="Problems">What could not be read, in words.</param>
    public sealed record Result(IReadOnlyDictionary<string, int> Rows, IReadOnlyList<string> Problems);

    /// <summary>Copies the rows of <paramref name="tables"/> that can be read from <paramref name="damaged"/> into the same tables of <paramref name="destination"/>.</summary>
    /// <param name="damaged">The damaged database file (left untouched).</param>
    /// <param name="destination">An open connection to a database with the same tables (its own columns; extra source columns are ignored).</param>
    /// <param name="tables">The tables, parents first.</param>
    /// <param name="defaultPageSize">The page size to assume when the header's is unreadable.</param>
    public static Result Copy(string damaged, SqliteConnection destination, IReadOnlyList<string> tables, int defaultPageSize = 4096)
    {
        var scratch = Directory.CreateTempSubdirectory("aide-salvage-");
        PrivateDirectory.Restrict(scratch.FullName);
        try
        {
            var copy = Path.Combine(scratch.FullName, "salvage.db");
            File.Copy(damaged, copy);
            var hasLog = File.Exists(damaged + "-wal");
            if (hasLog)
            {
                File.Copy(damaged + "-wal", copy + "-wal");
            }

            var problems = new List<string>();
            if (MendHeader(copy, hasLog, defaultPageSize) is { } mended)
            {
                problems.Add(mended);
            }

            var rows = new Dictionary<string, int>(StringComparer.Ordinal);
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            try
            {
                source.Open();
            }
            catch (SqliteException ex)
            {
                return new Result(rows, [.. problems, $"the file cannot be opened even with its header mended ({ex.Message})"]);
            }

            using var transaction = destination.BeginTransaction();
            foreach (var table in tables)
            {
                rows[table] = CopyTable(source, destination, transaction, table, problems);
            }

            transaction.Commit();
            return new Result(rows, problems);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Puts back the parts of the 100-byte header SQLite checks before reading anything; says what it changed.</summary>
    internal static string? MendHeader(string path, bool walMode, int defaultPageSize)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> header = stackalloc byte[100];
        if (file.Read(header) < 100)
        {
            return null;
        }

        var fixes = new List<string>();
        var magic = "SQLite format 3\0"u8;
        if (!header[..16].SequenceEqual(magic))
        {
            magic.CopyTo(header);
            fixes.Add("its signature");
        }

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var validPage = pageSize == 1 || (pageSize >= 512 && (pageSize & (pageSize - 1)) == 0);
        if (!validPage)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header[16..], (ushort)defaultPageSize);
            fixes.Add("its page size");
        }

        byte version = walMode ? (byte)2 : (byte)1;
        if (header[18] is not (1 or 2) || header[19] is not (1 or 2))
        {
            header[18] = header[19] = version;
            fixes.Add("its format version");
        }

        if (header[21] != 64 || header[22] != 32 || header[23] != 32)
        {
            (header[21], header[22], header[23]) = ((byte)64, (byte)32, (byte)32);
            fixes.Add("its payload fractions");
        }

        // A file cut short: the size the header records would send SQLite to pages that are gone.
        var realPageSize = BinaryPrimitives.ReadUInt16BigEndian(header[16..]) is var size && size == 1 ? 65536 : size;
        var pages = (uint)(file.Length / realPageSize);
        if (BinaryPrimitives.ReadUInt32BigEndian(header[28..]) > pages)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header[28..], pages);
            fixes.Add("its page count (the file was cut short)");
        }

        if (fixes.Count == 0)
        {
            return null;
        }

        file.Position = 0;
        file.Write(header);
        return "the header was damaged (" + string.Join(", ", fixes) + ") and was mended in a copy";
    }

    private static int CopyTable(SqliteConnection source, SqliteConnection destination, SqliteTransaction transaction, string table, List<string> problems)
    {
        string[] columns;
        try
        {
            var wanted = Columns(destination, table, transaction).ToHashSet(StringComparer.OrdinalIgnoreCase);
            columns = [.. Columns(source, table, null).Where(wanted.Contains)];
        }
        catch (SqliteException ex)
        {
            problems.Add($"table {table} cannot be read ({ex.Message})");
            return 0;
        }

        if (columns.Length == 0)
        {
            problems.Add($"table {table} is missing");
            return 0;
        }

        var list = string.Join(", ", columns);
        using var insert = destination.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR IGNORE INTO {table}({list}) VALUES({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => insert.Parameters.Add("$p" + i, SqliteType.Blob)).ToArray();
        using var select = source.CreateCommand();
        select.CommandText = $"SELECT rowid, {list} FROM {table} WHERE rowid > $after ORDER BY rowid LIMIT {Page}";
        var after = select.Parameters.AddWithValue("$after", long.MinValue);

        var copied = 0;
        var step = 1L;
        var failures = 0;
        while (true)
        {
            var read = 0;
            try
            {
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var rowid = reader.GetInt64(0);
                    for (var i = 0; i < columns.Length; i++)
                    {
                        parameters[i].Value = reader.IsDBNull(i + 1) ? DBNull.Value : reader.GetValue(i + 1);
                        parameters[i].SqliteType = reader.IsDBNull(i + 1) ? SqliteType.Text : TypeOf(reader.GetValue(i + 1));
                    }

                    copied += insert.ExecuteNonQuery();
                    after.Value = rowid;
                    read++;
                }

                step = 1;
                if (read < Page)
                {
                    return copied;
                }
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCodes.Corrupt or SqliteCodes.NotADatabase or SqliteCodes.IoError)
            {
                // Step over what fails: the next rowid, then ever further, until something reads or nothing can.
                if (failures++ == 0)
                {
                    problems.Add($"rows of {table} after rowid {after.Value} could not all be read ({ex.Message})");
                }

                if (step > 1L << 40)
                {
                    return copied;
                }

                after.Value = (long)after.Value! == long.MinValue ? 0 : (long)after.Value! + step;
                step *= 2;
            }
        }
    }

    private static SqliteType TypeOf(object value) => value switch
    {
        long => SqliteType.Integer,
        double => SqliteType.Real,
        byte[] => SqliteType.Blob,
        _ => SqliteType.Text,
    };

    private static List<string> Columns(SqliteConnection connection, string table, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
