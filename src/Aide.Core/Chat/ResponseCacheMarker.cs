using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>How a response cache in Aide's pipeline (<see cref="IChatCacheLayer"/>) marks the answers it served, for the layers above it: events and the turn engine.</summary>
public static class ResponseCacheMarker
{
    /// <summary>The key set in a response's (or update's) <c>AdditionalProperties</c> when the cache answered it.</summary>
    public const string PropertyName = "aide.cache";

    /// <summary>Tells whether a response or update carries the marker.</summary>
    /// <param name="properties">Its additional properties.</param>
    /// <returns>Whether the cache answered it.</returns>
    public static bool IsFromCache(AdditionalPropertiesDictionary? properties) => properties?.ContainsKey(PropertyName) == true;
}
