namespace Aide.Server.OpenAI;

/// <summary><c>stream_options</c>.</summary>
internal sealed class StreamOptions
{
    public bool IncludeUsage { get; set; }
}
