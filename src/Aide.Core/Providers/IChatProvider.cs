using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Providers;

/// <summary>A kind of model provider, loaded: it creates chat clients for the providers configured with its kind.</summary>
public interface IChatProvider
{
    /// <summary>Creates the raw chat client for one configured provider (Aide's pipeline wraps it).</summary>
    /// <param name="provider">The configured provider.</param>
    /// <param name="timeout">The per-request timeout, for clients that need a network backstop.</param>
    /// <returns>The chat client.</returns>
    IChatClient CreateClient(ProviderSettings provider, TimeSpan timeout);
}
