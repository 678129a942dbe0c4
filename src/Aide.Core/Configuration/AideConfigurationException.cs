namespace Aide.Configuration;

/// <summary>A configuration value is missing, malformed or out of range; the message names the key, its source and what is allowed.</summary>
public sealed class AideConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AideConfigurationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public AideConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public AideConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the configuration key at fault, if one is.</summary>
    public string? Key { get; init; }

    /// <summary>Gets where the faulty value came from (a file, an environment variable, an option).</summary>
    public string? ValueSource { get; init; }
}
