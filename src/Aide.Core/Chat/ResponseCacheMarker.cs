using Microsoft.Extensions.AI;

namespace Aide.Chat;

/// <summary>How a response cache in Aide's pipeline (<see cref="IChatCacheLayer"/>) marks the answers it served, for the layers above it: events and the turn engine.</summary>
public static class ResponseCacheMarker
{
    /// <summary>The key set in a response's (or update's) <c>AdditionalProperties</c> when the cache answered it.</summary>
    public const string PropertyName = "aide.cache";

    /// <summary>The key, beside <see cref="PropertyName"/>, of when the cached answer was stored (a <see cref="DateTimeOffset"/>).</summary>
    public const string StoredAtPropertyName = "aide.cache.storedAt";

    /// <summary>When the cached answer a response or update carries was stored, if the cache said.</summary>
    /// <param name="properties">Its additional properties.</param>
    /// <returns>The time it was stored, or <see langword="null"/>.</returns>
    public static DateTimeOffset? StoredAt(AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(StoredAtPropertyName, out var value) == true && value is DateTimeOffset at ? at : null;

    /// <summary>Tells whether a response or update carries the marker.</summary>
    /// <param name="properties">Its additional properties.</param>
    /// <returns>Whether the cache answered it.</returns>
    public static bool IsFromCache(AdditionalPropertiesDictionary? properties) => properties?.ContainsKey(PropertyName) == true;
}
