using Aide.Conversations.Store;

namespace Aide.Cli.Output;

/// <summary>One damaged copy in <c>aide history doctor --json</c>.</summary>
internal sealed record DoctorKeptJson(string Path, string Kind, long Bytes, StoreContents? Readable, string? Detail);
