using Aide.Configuration;
using Aide.Providers;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Bench;

/// <summary>
/// A provider kind whose clients live in this process (the loopback models), so a check builds its pipeline through
/// the public factory, as for any real provider, and measures exactly what users run.
/// </summary>
internal sealed class InProcessProvider(Func<ProviderSettings, IChatClient> connect) : IChatProvider
{
    public IChatClient CreateClient(ProviderSettings provider, ProviderOptions options) => connect(provider);

    /// <summary>A registry whose <c>openai</c> kind connects to <paramref name="connect"/>'s clients.</summary>
    public static ProviderRegistry Registry(Func<ProviderSettings, IChatClient> connect)
    {
        var registry = new ProviderRegistry();
        var available = ProviderAvailability.Available("in process");
        registry.Register(ProviderKind.OpenAI, _ => available, () => new InProcessProvider(connect));
        return registry;
    }
}
