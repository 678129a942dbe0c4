using Aide.Conversations.Store;

namespace Aide.Cli.Output;

/// <summary>What <c>aide history doctor --json</c> prints.</summary>
internal sealed record DoctorJson(string Path, bool Healthy, string? Problem, StoreContents? Readable, IReadOnlyList<DoctorKeptJson> Kept, StoreRepair? Repair)
{
    public static DoctorJson From(StoreCheck check, StoreRepair? repair) => new(
        check.Path,
        check.IsHealthy,
        check.Problem,
        check.Readable,
        [.. check.Kept.Select(k => new DoctorKeptJson(k.Path, k.Kind == KeptCopyKind.Database ? "database" : "log", k.Bytes, k.Readable, k.Detail))],
        repair);
}
