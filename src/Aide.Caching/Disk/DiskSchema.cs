namespace Aide.Caching.Disk;

/// <summary>The disk tier's SQLite schema, versioned through <c>PRAGMA user_version</c>.</summary>
internal static class DiskSchema
{
    /// <summary>'AIDC' in <c>PRAGMA application_id</c> marks the file as Aide's cache.</summary>
    public const long ApplicationId = 0x41494443;

    /// <summary>Running totals kept by triggers, so the size bound and statistics never scan the table.</summary>
    public static readonly string[] Counters = ["stored_bytes", "original_bytes", "memory_hits", "disk_hits", "misses", "corrupt", "evicted", "expired"];

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE entries(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            data BLOB NOT NULL,
            codec INTEGER NOT NULL,
            original_size INTEGER NOT NULL,
            stored_size INTEGER NOT NULL,
            created INTEGER NOT NULL,
            absolute INTEGER NOT NULL,
            sliding INTEGER NOT NULL,
            accessed INTEGER NOT NULL,
            expires INTEGER NOT NULL,
            hits INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX entries_expires ON entries(expires);
        CREATE INDEX entries_accessed ON entries(accessed);
        CREATE TABLE tags(
            tag TEXT NOT NULL,
            entry INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            PRIMARY KEY(tag, entry)) WITHOUT ROWID;
        CREATE INDEX tags_entry ON tags(entry);
        CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO meta(name, value) VALUES
            ('stored_bytes', 0), ('original_bytes', 0), ('memory_hits', 0), ('disk_hits', 0),
            ('misses', 0), ('corrupt', 0), ('evicted', 0), ('expired', 0);
        CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
            UPDATE meta SET value = value + NEW.stored_size WHERE name = 'stored_bytes';
            UPDATE meta SET value = value + NEW.original_size WHERE name = 'original_bytes';
        END;
        CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
            UPDATE meta SET value = value - OLD.stored_size WHERE name = 'stored_bytes';
            UPDATE meta SET value = value - OLD.original_size WHERE name = 'original_bytes';
        END;
        CREATE TRIGGER entries_replaced AFTER UPDATE OF stored_size, original_size ON entries BEGIN
            UPDATE meta SET value = value + NEW.stored_size - OLD.stored_size WHERE name = 'stored_bytes';
            UPDATE meta SET value = value + NEW.original_size - OLD.original_size WHERE name = 'original_bytes';
        END;
        """,
    ];
}
