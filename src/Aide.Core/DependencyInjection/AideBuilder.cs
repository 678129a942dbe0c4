using Microsoft.Extensions.DependencyInjection;

namespace Aide;

internal sealed class AideBuilder(IServiceCollection services) : IAideBuilder
{
    public IServiceCollection Services { get; } = services;
}
