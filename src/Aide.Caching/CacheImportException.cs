namespace Aide.Caching;

/// <summary>An exported cache file could not be imported; nothing of it was imported.</summary>
public sealed class CacheImportException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CacheImportException"/> class.</summary>
    public CacheImportException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CacheImportException"/> class.</summary>
    /// <param name="message">What is wrong and where.</param>
    public CacheImportException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CacheImportException"/> class.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The parser's error.</param>
    public CacheImportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
