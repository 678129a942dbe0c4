namespace Aide.Providers;

/// <summary>The outcome of a provider probe.</summary>
public enum ProviderState
{
    /// <summary>It answered successfully.</summary>
    Ok,

    /// <summary>It answered with an error (bad key, wrong path).</summary>
    Error,

    /// <summary>It could not be reached or did not answer in time.</summary>
    Down,
}
