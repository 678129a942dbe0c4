using System.Globalization;
using Aide.Configuration;
using Aide.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Providers.Local;

/// <summary>
/// Adds local GGUF models (run in-process by LLamaSharp) to a <see cref="ProviderRegistry"/>. Nothing heavy happens at
/// registration: the availability check reads files only, and the native runtime and model load on the first chat.
/// </summary>
public static class LocalModelProvider
{
    /// <summary>Registers the <c>local</c> provider kind.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="store">Where models pulled by name live (local=NAME).</param>
    /// <param name="options">How models are run; <see langword="null"/> for the defaults.</param>
    /// <param name="loggerFactory">Logging for model loads and llama.cpp's warnings.</param>
    public static void Register(ProviderRegistry registry, ModelStore store, LocalModelOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(store);
        registry.Register(
            ProviderKind.Local,
            provider => CheckAvailability(provider, store),
            () => new LocalChatProvider(store, options ?? new LocalModelOptions(), loggerFactory ?? NullLoggerFactory.Instance));
    }

    /// <summary>Says whether a local provider can run: the native runtime is installed and the model file is a readable GGUF. Loads nothing.</summary>
    /// <param name="provider">The configured provider (its address is a path, a name in the models folder, or an alias).</param>
    /// <param name="store">The models folder.</param>
    /// <returns>The availability, with the reason when unavailable.</returns>
    public static ProviderAvailability CheckAvailability(ProviderSettings provider, ModelStore store)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(store);
        var runtime = NativeRuntime.Check();
        if (!runtime.IsAvailable)
        {
            return runtime;
        }

        try
        {
            var file = GgufFile.Read(FindModel(provider, store));
            return ProviderAvailability.Available(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(file.Path)}: {file.Summary}, {file.FileLength >> 20} MB"));
        }
        catch (Exception ex) when (ex is InvalidModelFileException or AideConfigurationException)
        {
            return ProviderAvailability.Unavailable(ex.Message);
        }
    }

    /// <summary>The model file a local provider names.</summary>
    internal static string FindModel(ProviderSettings provider, ModelStore store) =>
        store.Find(provider.Address) ?? throw new AideConfigurationException(NotFound(provider.Address, store)) { Key = "provider address" };

    private static string NotFound(string address, ModelStore store) =>
        ModelStore.LooksLikePath(address)
            ? $"The model file {address} does not exist."
            : ModelAlias.Find(address) is { } alias
                ? $"The model '{alias.Name}' has not been downloaded yet: run 'aide models pull {alias.Name}'."
                : $"No model named '{address}' in {store.Directory}: 'aide models list' shows the models and aliases; 'aide models pull URL' downloads one.";
}
