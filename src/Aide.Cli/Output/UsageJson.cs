namespace Aide.Cli.Output;

/// <summary>What <c>aide usage --json</c> prints.</summary>
internal sealed record UsageJson(DateTimeOffset? Since, DateTimeOffset Until, string By, string Currency, string SharesOf, IReadOnlyList<UsageJsonGroup> Groups, UsageJsonGroup Total);
