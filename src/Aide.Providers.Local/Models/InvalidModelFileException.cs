namespace Aide.Models;

/// <summary>A model file Aide cannot use: missing, not GGUF, truncated or damaged. The message names the file and what is wrong.</summary>
public sealed class InvalidModelFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="problem">What is wrong with it, as the end of a sentence.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidModelFileException(string path, string problem, Exception? innerException = null)
        : base($"Cannot use the model file {path}: {problem}", innerException)
    {
        ModelPath = path;
    }

    /// <summary>Gets the model file.</summary>
    public string ModelPath { get; }
}
