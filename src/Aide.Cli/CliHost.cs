using Aide.Storage;

namespace Aide.Cli;

/// <summary>What the aide process owns for all its commands.</summary>
internal static class CliHost
{
    /// <summary>
    /// Gets the process's store opener: SQLite's loading, the cache, the token-count memo and the conversation store
    /// open on its one background thread while a command parses, reads its input and builds its pipeline.
    /// </summary>
    public static StoreOpener Opener { get; } = StoreOpener.Background();
}
