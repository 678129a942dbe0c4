namespace Aide.Providers.Http;

/// <summary>A provider's reply broke one of the bounds Aide reads it within (a line, the whole answer), or ended unfinished.</summary>
internal sealed class ReplyRejectedException : Exception
{
    public ReplyRejectedException(string message, bool truncated = false)
        : base(message) => Truncated = truncated;

    public ReplyRejectedException()
    {
    }

    public ReplyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets a value indicating whether the reply ended before its end (a stream without finish_reason or [DONE]), rather than being too large.</summary>
    public bool Truncated { get; }
}
