
namespace Aide.Cli.Configuration;

/// <summary>One provider entry as a layer gave it, before defaults and validation.</summary>
internal sealed class RawProvider
{
    public required string Source { get; init; }

    public SettingValue? Kind { get; init; }

    public SettingValue? Address { get; init; }

    public SettingValue? Model { get; init; }

    public SettingValue? ApiKey { get; init; }
}
