using Aide.Cli.Configuration;


namespace Aide.Cli.Chat;

/// <summary>Nothing to talk to: reported as the getting-started lines and exit code 3.</summary>
internal sealed class NoProviderException() : Exception(string.Join(Environment.NewLine, ProviderAutoDetector.GettingStarted));
