namespace Aide.Cli;

/// <summary>The user asked for something the command line cannot do; reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
