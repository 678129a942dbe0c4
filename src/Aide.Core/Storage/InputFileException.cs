namespace Aide.Storage;

/// <summary>A file named by the user cannot be used as input: missing, a folder, not a regular file, or too large. The message says which.</summary>
public sealed class InputFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InputFileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, for the user.</param>
    public InputFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong, for the user.</param>
    /// <param name="innerException">The cause.</param>
    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
