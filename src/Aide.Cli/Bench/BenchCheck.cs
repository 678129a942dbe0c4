
namespace Aide.Cli.Bench;

/// <summary>One row of <c>aide bench</c>: a validation check of the design report, adapted, and what this machine measured.</summary>
/// <param name="Id">A short name for <c>--only</c>, e.g. <c>startup</c>.</param>
/// <param name="Name">What is checked.</param>
/// <param name="Report">What the Python report achieved for this check.</param>
/// <param name="Target">Aide's target.</param>
/// <param name="Measured">The measured value, with its unit.</param>
/// <param name="Passed">Whether the measured value meets the target.</param>
/// <param name="Spread">How much the repeated samples varied (or why there is no spread).</param>
/// <param name="Charts">Data for the HTML page's charts.</param>
/// <param name="Note">What the reader should know about this figure, if anything.</param>
internal sealed record BenchCheck(string Id, string Name, string Report, string Target, string Measured, bool Passed, string Spread, IReadOnlyList<BenchChart> Charts, string? Note = null);
