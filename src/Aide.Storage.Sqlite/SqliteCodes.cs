namespace Aide.Storage;

/// <summary>The SQLite primary result codes the conversation store and the cache tell apart (https://sqlite.org/rescode.html).</summary>
internal static class SqliteCodes
{
    public const int Permission = 3;
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int Constraint = 19;
    public const int NotADatabase = 26;
}
