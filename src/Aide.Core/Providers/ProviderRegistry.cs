using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>
/// The provider kinds this process can use (each provider package adds its own: <c>AddOpenAI()</c>, <c>AddOllama()</c>,
/// <c>LocalModelProvider.Register</c>), loaded lazily: each kind is registered with a cheap availability check
/// (files present, nothing loaded) and a loader that runs on first use; later uses get the loaded provider from a
/// per-kind slot. The local provider's loader is what brings in the native model runtime, so commands that never
/// chat never load it.
/// </summary>
public sealed class ProviderRegistry : IDisposable
{
    private readonly Registration?[] _registrations = new Registration?[Enum.GetValues<ProviderKind>().Length];

    /// <summary>Registers (or replaces) a provider kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="checkAvailability">Says whether a configured provider of this kind can be used, without loading anything heavy.</param>
    /// <param name="load">Loads the provider; called once, on first use.</param>
    public void Register(ProviderKind kind, Func<ProviderSettings, ProviderAvailability> checkAvailability, Func<IChatProvider> load)
    {
        ArgumentNullException.ThrowIfNull(checkAvailability);
        ArgumentNullException.ThrowIfNull(load);
        _registrations[(int)kind] = new Registration(checkAvailability, load);
    }

    /// <summary>Gets whether the kind is registered.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> if registered.</returns>
    public bool IsRegistered(ProviderKind kind) => _registrations[(int)kind] is not null;

    /// <summary>Gets whether the kind has been loaded (resolved at least once).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> if loaded.</returns>
    public bool IsLoaded(ProviderKind kind) => _registrations[(int)kind]?.Loaded.IsValueCreated == true;

    /// <summary>Says whether a configured provider can be used, without loading its kind.</summary>
    /// <param name="provider">The configured provider.</param>
    /// <returns>The availability, with a reason when unavailable.</returns>
    public ProviderAvailability CheckAvailability(ProviderSettings provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return _registrations[(int)provider.Kind] is { } registration
            ? registration.CheckAvailability(provider)
            : ProviderAvailability.Unavailable(NotInBuild(provider));
    }

    /// <summary>Gets the loaded provider of a kind, loading it on first use.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="AideConfigurationException">The kind is not part of this application.</exception>
    public IChatProvider Resolve(ProviderKind kind) =>
        _registrations[(int)kind] is { } registration
            ? registration.Loaded.Value
            : throw new AideConfigurationException(NotInBuild(kind)) { Key = "provider kind" };

    /// <summary>Creates the raw client for a configured provider, translated into Aide's error vocabulary.</summary>
    internal IChatClient CreateClient(ProviderSettings provider, ProviderOptions options) =>
        new AnswerCheckingChatClient(new ErrorTranslatingChatClient(Resolve(provider.Kind).CreateClient(provider, options), provider), provider);

    /// <summary>Creates an embedding generator for a configured provider, its errors translated into Aide's vocabulary.</summary>
    /// <param name="provider">The configured provider.</param>
    /// <param name="model">The embedding model.</param>
    /// <param name="options">What is asked of every provider.</param>
    /// <returns>The generator.</returns>
    /// <exception cref="Chat.AideChatException">The provider's kind makes no embeddings (<see cref="Chat.ChatErrorKind.BadRequest"/>).</exception>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderSettings provider, string model, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return Resolve(provider.Kind) is IEmbeddingProvider embeddings
            ? new ErrorTranslatingEmbeddingGenerator(embeddings.CreateEmbeddingGenerator(provider, model, options), provider)
            : throw new Chat.AideChatException($"{provider} makes no embeddings: its kind has no embedding API in Aide.") { Kind = Chat.ChatErrorKind.BadRequest, Provider = provider.ToString() };
    }

    /// <summary>Disposes the providers that were loaded (a local provider unloads its models).</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            if (registration?.Loaded.IsValueCreated == true && registration.Loaded.Value is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static string NotInBuild(ProviderSettings provider) => NotInBuild(provider.Kind) + $" ({provider})";

    internal static string NotInBuild(ProviderKind kind) =>
        $"The {ProviderSettings.NameOf(kind)} provider is not part of this application: add its package (Aide.Providers.OpenAI, Aide.Providers.Ollama, Aide.Providers.Local) and register it (services.AddAide(…).AddOpenAIProvider(), .AddOllamaProvider(), .AddLocalModels(…); without a container registry.AddOpenAI(), registry.AddOllama(), LocalModelProvider.Register), or use the aide CLI, which has all three.";

    private sealed class Registration(Func<ProviderSettings, ProviderAvailability> checkAvailability, Func<IChatProvider> load)
    {
        public Func<ProviderSettings, ProviderAvailability> CheckAvailability { get; } = checkAvailability;

        public Lazy<IChatProvider> Loaded { get; } = new(load, LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
