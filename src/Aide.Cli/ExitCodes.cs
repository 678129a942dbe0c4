namespace Aide.Cli;

/// <summary>The process exit codes of <c>aide</c>, documented in the README.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The model or provider failed (unreachable, rejected the key, rate limited, server error, bad response, connection lost).</summary>
    public const int ProviderError = 1;

    /// <summary>The command line is wrong (unknown option, missing argument, input too large).</summary>
    public const int UsageError = 2;

    /// <summary>The configuration is invalid, or no provider is configured or detected.</summary>
    public const int ConfigurationError = 3;

    /// <summary>The provider did not answer within <c>--timeout</c>.</summary>
    public const int Timeout = 4;

    /// <summary><c>aide health</c>: a component (or Aide as a whole) is unhealthy, critical or down; <c>aide history doctor</c>: damage found.</summary>
    public const int Unhealthy = 5;

    /// <summary><c>aide bench</c>: a check missed its target (the same code as <see cref="Unhealthy"/>: the machine or build is not as it should be).</summary>
    public const int CheckFailed = 5;

    /// <summary>The budget (config <c>budget</c>) is spent for its period: the request was not sent.</summary>
    public const int BudgetExceeded = 6;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>Ended by SIGHUP (its terminal closed): 128 + 1.</summary>
    public const int HungUp = 129;

    /// <summary>Ended by SIGTERM (<c>kill</c>, a service manager stopping it): 128 + 15.</summary>
    public const int Terminated = 143;
}
