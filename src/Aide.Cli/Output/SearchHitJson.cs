namespace Aide.Cli.Output;

/// <summary>One hit of <c>aide history search --json</c>; <c>matches</c> are [start, end) offsets of the matched words in <c>snippet</c>.</summary>
internal sealed record SearchHitJson(string Conversation, int Sequence, string Id, string Role, DateTimeOffset CreatedAt, string Snippet, int[][] Matches, double Score);
