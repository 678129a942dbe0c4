namespace Aide.Health.Recovery;

/// <summary>Builds <see cref="IRecoveryStrategy"/> instances from delegates, and the built-in repairs.</summary>
public static class RecoveryStrategy
{
    /// <summary>A strategy that runs a delegate.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="recover">The repair.</param>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy From(string name, Func<CancellationToken, ValueTask> recover) => new Delegated(name, recover);

    /// <summary>A full, compacting garbage collection (for memory pressure).</summary>
    /// <returns>The strategy.</returns>
    public static IRecoveryStrategy ForceGc() => From("force-gc", _ =>
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return default;
    });

    private sealed class Delegated(string name, Func<CancellationToken, ValueTask> recover) : IRecoveryStrategy
    {
        public string Name { get; } = name;

        public ValueTask RecoverAsync(CancellationToken cancellationToken) => recover(cancellationToken);
    }
}
