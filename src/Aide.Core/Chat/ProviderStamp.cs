using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>
/// Which provider of a failover pipeline answered: stamped on each response and streamed update, so a host that
/// streams (a server setting a header before the first chunk) knows it as soon as the answer starts.
/// </summary>
public static class ProviderStamp
{
    /// <summary>The <see cref="ChatResponse.AdditionalProperties"/> key naming the provider that answered (<c>kind=address</c>).</summary>
    public const string PropertyName = "aide.provider";

    /// <summary>Reads which provider answered, from a response's or update's additional properties.</summary>
    /// <param name="properties">The additional properties.</param>
    /// <returns>The provider's name, or <see langword="null"/> when not stamped.</returns>
    public static string? AnsweredBy(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(PropertyName, out var value) == true ? value as string : null;
}
