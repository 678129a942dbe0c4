namespace Aide.Caching;

/// <summary>What the chat pipeline caches, and for how long.</summary>
public sealed class ChatCacheOptions
{
    /// <summary>Gets or sets how calls use the cache.</summary>
    public ChatCacheMode Mode { get; set; } = ChatCacheMode.ReadWrite;

    /// <summary>
    /// Gets or sets a value indicating whether requests with a temperature above 0 are cached too. Off by default: such a
    /// request asks for variety, and a cache would answer it the same way every time. A request that sets no temperature
    /// is cached (a repeated question gets the answer it got before).
    /// </summary>
    public bool CacheSampled { get; set; }

    /// <summary>Gets or sets how long a cached answer lives; <see langword="null"/> for the cache's default.</summary>
    public TimeSpan? TimeToLive { get; set; }
}
