using System.Globalization;

namespace Aide.Configuration;

/// <summary>One configured model provider: what it is, where it is, which model to ask.</summary>
/// <remarks>
/// A class rather than a record on purpose: a record's generated <c>ToString</c> would print
/// <see cref="ApiKey"/> into logs and exceptions.
/// </remarks>
public sealed class ProviderSettings : IEquatable<ProviderSettings>
{
    private string? _name;
    private string? _displayAddress;
    private string? _display;

    /// <summary>Creates provider settings.</summary>
    /// <param name="kind">The provider kind.</param>
    /// <param name="address">Base URL for HTTP providers, file path or alias for local models.</param>
    /// <param name="model">Model name; <see langword="null"/> means the configured or built-in default.</param>
    /// <param name="apiKey">API key, if the provider needs one.</param>
    public ProviderSettings(ProviderKind kind, string address, string? model = null, string? apiKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        Kind = kind;
        Address = address;
        Model = string.IsNullOrWhiteSpace(model) ? null : model;
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    /// <summary>Gets the provider kind.</summary>
    public ProviderKind Kind { get; }

    /// <summary>Gets the base URL (HTTP providers) or model path/alias (local).</summary>
    public string Address { get; }

    /// <summary>Gets the model name, or <see langword="null"/> for the default.</summary>
    public string? Model { get; }

    /// <summary>Gets the API key. Never printed: <see cref="ToString"/> omits it.</summary>
    public string? ApiKey { get; }

    /// <summary>Gets the lower-case name of <see cref="Kind"/> as used in configuration (<c>openai</c>, <c>ollama</c>, <c>local</c>).</summary>
    public string KindName => NameOf(Kind);

    /// <summary>Gets the lower-case name of a kind as used in configuration.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><c>openai</c>, <c>ollama</c> or <c>local</c>.</returns>
    public static string NameOf(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "openai",
        ProviderKind.Ollama => "ollama",
        _ => "local",
    };

    /// <summary>Returns a copy with another model.</summary>
    /// <param name="model">The model name.</param>
    /// <returns>The new settings.</returns>
    public ProviderSettings WithModel(string? model) => new(Kind, Address, model, ApiKey);

    /// <summary>Returns a copy with another API key.</summary>
    /// <param name="apiKey">The API key.</param>
    /// <returns>The new settings.</returns>
    public ProviderSettings WithApiKey(string? apiKey) => new(Kind, Address, Model, apiKey);

    /// <summary>Gets how events, breakers and failover name the provider: <c>kind=address</c>, with the address's secrets hidden.</summary>
    /// <remarks>Made once (the settings never change): a gateway asks for it several times per request.</remarks>
    public string Name => _name ??= $"{KindName}={DisplayAddress}";

    /// <summary>Gets the address as it may be shown or stored: user information and query values hidden (<see cref="Diagnostics.AddressRedactor"/>).</summary>
    public string DisplayAddress => _displayAddress ??= Diagnostics.AddressRedactor.Redact(Address);

    /// <summary>Formats the provider as <c>kind=address (model)</c>, never including the API key or what the address carries.</summary>
    /// <returns>A display string.</returns>
    public override string ToString() =>
        _display ??= string.Create(CultureInfo.InvariantCulture, $"{KindName}={DisplayAddress}{(Model is null ? string.Empty : $" ({Model})")}");

    /// <inheritdoc />
    public bool Equals(ProviderSettings? other) =>
        other is not null && Kind == other.Kind && Address == other.Address && Model == other.Model && ApiKey == other.ApiKey;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ProviderSettings);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Address, Model, ApiKey);
}
