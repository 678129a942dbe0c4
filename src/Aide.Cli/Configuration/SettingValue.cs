
namespace Aide.Cli.Configuration;

/// <summary>A raw configuration value and a human description of where it came from.</summary>
internal sealed record SettingValue(string Text, string Source);
