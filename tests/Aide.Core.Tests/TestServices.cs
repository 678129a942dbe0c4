namespace Aide.Core.Tests;

/// <summary>The services a test hands the chat pipeline (bus, clock, cache, breakers…): each type is served by the first instance of it.</summary>
internal sealed class TestServices(params object[] services) : IServiceProvider
{
    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}
