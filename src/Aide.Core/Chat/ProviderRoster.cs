using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>
/// The providers of a failover pipeline in priority order, as its <c>GetService</c> hands them to the layers above
/// (events, the turn engine), and the stamp naming which of them answered a response.
/// </summary>
internal sealed class ProviderRoster(IReadOnlyList<ProviderSettings> providers)
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key naming the provider that answered.</summary>
    public const string AnsweredByKey = ProviderStamp.PropertyName;

    public IReadOnlyList<ProviderSettings> Providers { get; } = providers;

    /// <summary>Reads which provider answered, from a response's or update's additional properties.</summary>
    public static string? AnsweredBy(AdditionalPropertiesDictionary? properties) => ProviderStamp.AnsweredBy(properties);

    /// <summary>The provider named <paramref name="answeredBy"/> (<c>kind=address</c>), else the first: a cached answer is the first provider's.</summary>
    public ProviderSettings Resolve(string? answeredBy) =>
        (answeredBy is null ? null : Providers.FirstOrDefault(p => p.Name == answeredBy)) ?? Providers[0];
}
