using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>Parses and formats the <c>KIND=ADDRESS</c> provider syntax used by <c>--provider</c> and <c>AIDE_PROVIDERS</c>.</summary>
internal static class ProviderSpec
{
    /// <summary>The kind names accepted in configuration, in documentation order.</summary>
    public static readonly IReadOnlyList<string> KindNames = ["openai", "ollama", "local"];

    /// <summary>Gets the configuration name of a kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>openai</c>, <c>ollama</c> or <c>local</c>.</returns>
    public static string NameOf(ProviderKind kind) => ProviderSettings.NameOf(kind);

    /// <summary>Parses a kind name, case-insensitively.</summary>
    /// <param name="name">The name.</param>
    /// <param name="kind">The kind, when recognised.</param>
    /// <returns>Whether the name is a known kind.</returns>
    public static bool TryParseKind(string? name, out ProviderKind kind)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "OPENAI": kind = ProviderKind.OpenAI; return true;
            case "OLLAMA": kind = ProviderKind.Ollama; return true;
            case "LOCAL": kind = ProviderKind.Local; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// Parses <c>KIND=ADDRESS</c> (or a bare <c>KIND</c>, which takes the kind's default address)
    /// into a kind and an address; the address is validated by <see cref="AideSettingsLoader"/>.
    /// </summary>
    /// <param name="spec">The text to parse.</param>
    /// <param name="kind">The parsed kind.</param>
    /// <param name="address">The address, or <see langword="null"/> when none was given.</param>
    /// <returns>Whether the kind part was recognised.</returns>
    public static bool TryParse(string spec, out ProviderKind kind, out string? address)
    {
        ArgumentNullException.ThrowIfNull(spec);
        (var kindText, address) = Split(spec);
        return TryParseKind(kindText, out kind);
    }

    /// <summary>Splits <c>KIND=ADDRESS</c> at the first '='; a missing or empty address is <see langword="null"/>.</summary>
    internal static (string Kind, string? Address) Split(string spec)
    {
        var separator = spec.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            return (spec.Trim(), null);
        }

        var address = spec[(separator + 1)..].Trim();
        return (spec[..separator].Trim(), address.Length == 0 ? null : address);
    }
}
