namespace Aide.Caching;

/// <summary>How a chat call uses the response cache.</summary>
public enum ChatCacheMode
{
    /// <summary>Answer from the cache when possible; cache new answers.</summary>
    ReadWrite = 0,

    /// <summary>Always ask the model, and replace the cached answer (<c>aide ask --refresh</c>).</summary>
    Refresh = 1,

    /// <summary>Neither read nor write the cache (<c>aide ask --no-cache</c>).</summary>
    Off = 2,
}
