using Aide.Providers;

namespace Aide;

/// <summary>A provider kind to add to the container's <see cref="ProviderRegistry"/> when it is built.</summary>
internal sealed class ProviderKindRegistration(Action<ProviderRegistry, IServiceProvider> register)
{
    public void Apply(ProviderRegistry registry, IServiceProvider services) => register(registry, services);
}
