namespace Aide.Conversations.Store;

/// <summary>
/// The conversation database's schema as numbered migrations; <c>PRAGMA user_version</c> records how many have run.
/// A migration is only ever added, never edited: an older database is brought forward step by step in one transaction
/// each, and a database from a newer Aide is refused rather than guessed at.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Marks the file as Aide's (<c>PRAGMA application_id</c>, "AIDE"), so a foreign database is never written to.</summary>
    public const int ApplicationId = 0x41494445;

    public static readonly string[] Migrations =
    [
        """
        CREATE TABLE conversations(
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            title TEXT,
            model TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            message_count INTEGER NOT NULL DEFAULT 0,
            token_count INTEGER NOT NULL DEFAULT 0,
            next_seq INTEGER NOT NULL DEFAULT 1,
            branched_from TEXT,
            branched_at INTEGER);
        CREATE INDEX conversations_updated ON conversations(updated_at);
        CREATE TABLE messages(
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            id TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            token_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            kind INTEGER NOT NULL DEFAULT 0,
            summarized_through INTEGER,
            metadata TEXT,
            UNIQUE(conversation_id, seq));
        CREATE TABLE items(
            id TEXT PRIMARY KEY,
            conversation_id TEXT REFERENCES conversations(id) ON DELETE CASCADE,
            kind INTEGER NOT NULL,
            content TEXT NOT NULL,
            priority INTEGER NOT NULL,
            relevance REAL NOT NULL,
            pinned INTEGER NOT NULL,
            expires_at INTEGER,
            created_at INTEGER NOT NULL,
            token_count INTEGER NOT NULL);
        CREATE INDEX items_conversation ON items(conversation_id);
        CREATE TABLE entities(
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            PRIMARY KEY(conversation_id, entity_id));
        CREATE TABLE mentions(
            conversation_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            entity_id TEXT NOT NULL,
            PRIMARY KEY(conversation_id, seq, entity_id),
            FOREIGN KEY(conversation_id, seq) REFERENCES messages(conversation_id, seq) ON DELETE CASCADE);
        CREATE INDEX mentions_entity ON mentions(conversation_id, entity_id);
        """,

        // Turns: a question waiting for its answer names the process waiting (pending; '' once found orphaned) and keeps
        // the next sequence free for it; the answer names its question (reply_to) and takes that sequence, so sequence
        // order is turn order however concurrent turns finish. pending_count counts the questions a process still waits
        // on, so a turn looks for orphans only when there can be some. No index is added: every write stays one row
        // and one page of the existing ones (an index on the turn cost a cached aide ask 0.5 ms of extra page writes).
        """
        ALTER TABLE messages ADD COLUMN reply_to INTEGER;
        ALTER TABLE messages ADD COLUMN pending TEXT;
        ALTER TABLE conversations ADD COLUMN pending_count INTEGER NOT NULL DEFAULT 0;
        """,

        // Usage: one row per answer (an answer's row in its transaction; the gateway's stateless requests in batches),
        // kept when its conversation is deleted, so spending stays counted. Money in whole nano-units, so sums are
        // exact; currency NULL = unpriced. The index on time serves budgets (this period) and reports (--since).
        """
        CREATE TABLE usage(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            conversation_id TEXT,
            provider TEXT,
            model TEXT,
            caller TEXT,
            input_tokens INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            estimated INTEGER NOT NULL,
            from_cache INTEGER NOT NULL,
            cost_nanos INTEGER NOT NULL,
            saved_nanos INTEGER NOT NULL,
            currency TEXT,
            context_tokens INTEGER,
            context_window INTEGER);
        CREATE INDEX usage_at ON usage(at);
        """,

        // Search: an FTS5 index of message text, filled lazily by the search itself (messages past indexed_rowid), so a
        // turn's save writes no index pages. A deleted message leaves the index in the same statement (the trigger),
        // and the mark steps back to the largest rowid left, as SQLite may give that rowid to the next message.
        """
        CREATE VIRTUAL TABLE message_search USING fts5(content, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE message_search_state(indexed_rowid INTEGER NOT NULL);
        INSERT INTO message_search_state VALUES (0);
        CREATE TRIGGER messages_leave_search AFTER DELETE ON messages BEGIN
            DELETE FROM message_search WHERE rowid = old.rowid;
            UPDATE message_search_state SET indexed_rowid = min(indexed_rowid, (SELECT coalesce(max(rowid), 0) FROM messages));
        END;
        """,
    ];
}
