using Microsoft.Extensions.DependencyInjection;

namespace Aide;

/// <summary>
/// Adds Aide's capabilities to a service collection: returned by <c>services.AddAide(…)</c>, extended by each
/// package (<c>AddOpenAIProvider</c>, <c>AddResponseCache</c>, <c>AddSqliteConversations</c>, …).
/// </summary>
public interface IAideBuilder
{
    /// <summary>Gets the services Aide is added to.</summary>
    IServiceCollection Services { get; }
}
