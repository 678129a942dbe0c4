namespace Aide.Models;

/// <summary>A model file in the models folder.</summary>
/// <param name="Name">Its name (the file name without <c>.gguf</c>).</param>
/// <param name="Path">Its full path.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Modified">When it was last written (UTC).</param>
public sealed record ModelFile(string Name, string Path, long Bytes, DateTimeOffset Modified);
