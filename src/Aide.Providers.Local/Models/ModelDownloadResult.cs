namespace Aide.Models;

/// <summary>A completed, verified model download.</summary>
/// <param name="Path">The model file, under its final name.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256, lower-case hex.</param>
/// <param name="ResumedFrom">Bytes kept from an earlier, interrupted download (0 for a fresh one).</param>
/// <param name="VerifiedAgainst">Where the expected SHA-256 came from (<c>--sha256</c>, the server's header), or <see langword="null"/> if nothing published one.</param>
public sealed record ModelDownloadResult(string Path, long Bytes, string Sha256, long ResumedFrom, string? VerifiedAgainst);
