namespace Aide.Providers;

/// <summary>Whether a provider can be used, found out without loading it.</summary>
/// <param name="IsAvailable">Whether it can be used.</param>
/// <param name="Detail">What was found, or why it cannot be used and what to do.</param>
public sealed record ProviderAvailability(bool IsAvailable, string Detail)
{
    /// <summary>Creates an available result.</summary>
    /// <param name="detail">What was found.</param>
    /// <returns>The result.</returns>
    public static ProviderAvailability Available(string detail) => new(true, detail);

    /// <summary>Creates an unavailable result.</summary>
    /// <param name="reason">Why, and what to do.</param>
    /// <returns>The result.</returns>
    public static ProviderAvailability Unavailable(string reason) => new(false, reason);
}
