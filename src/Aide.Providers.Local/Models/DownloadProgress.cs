namespace Aide.Models;

/// <summary>How far a model download has got.</summary>
/// <param name="Received">Bytes in the partial file so far (including those kept from an earlier, interrupted download).</param>
/// <param name="Total">The file's full size, when the server said.</param>
/// <param name="ResumedFrom">Bytes kept from an earlier download (0 for a fresh one).</param>
public sealed record DownloadProgress(long Received, long? Total, long ResumedFrom);
