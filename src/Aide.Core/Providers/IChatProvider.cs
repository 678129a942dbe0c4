using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>A kind of model provider, loaded: it creates chat clients for the providers configured with its kind.</summary>
public interface IChatProvider
{
    /// <summary>Creates the raw chat client for one configured provider (Aide's pipeline wraps it).</summary>
    /// <param name="provider">The configured provider.</param>
    /// <param name="options">What is asked of every provider: the timeout (for a network backstop), the bound on a reply's size, the context window.</param>
    /// <returns>The chat client.</returns>
    IChatClient CreateClient(ProviderSettings provider, ProviderOptions options);
}
