
namespace Aide.Cli.Bench;

/// <summary>What <c>aide bench --json</c> prints and <c>--html</c> draws: when, where, and every check's row.</summary>
internal sealed record BenchReport(string Version, DateTimeOffset Date, BenchMachine Machine, string Mode, int Passed, int Failed, IReadOnlyList<BenchCheck> Checks);
