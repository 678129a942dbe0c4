namespace Aide.Usage;

/// <summary>What a model costs per million tokens, from a date on.</summary>
/// <param name="Model">
/// The model's name as providers report it, lower case; it also prices its dated snapshots and tags
/// (<c>gpt-4o-mini</c> prices <c>gpt-4o-mini-2024-07-18</c>; <c>llama3.2</c> prices <c>llama3.2:3b</c>).
/// </param>
/// <param name="InputPerMillion">Price of a million prompt tokens.</param>
/// <param name="OutputPerMillion">Price of a million answer tokens (reasoning included).</param>
public sealed record ModelPrice(string Model, decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Gets the provider kind the price is for (<c>openai</c>, <c>ollama</c>, <c>local</c>), or <see langword="null"/> for any.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the price of a million prompt tokens the provider served from its prompt cache; <see langword="null"/> charges them as input.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the currency (ISO 4217 code).</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Gets the first day (UTC) the price applies; an answer before it takes the price before it.</summary>
    public DateOnly ValidFrom { get; init; } = DateOnly.MinValue;

    /// <summary>The cost of one answer's tokens, in billionths of <see cref="Currency"/> (whole numbers add up exactly).</summary>
    /// <param name="inputTokens">Prompt tokens, cached ones included.</param>
    /// <param name="cachedInputTokens">Of those, the ones served from the provider's prompt cache.</param>
    /// <param name="outputTokens">Answer tokens.</param>
    /// <returns>The cost in nano-units.</returns>
    public long CostNanos(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, Math.Max(0, inputTokens));

        // A price per million tokens is, per token, that many thousand nano-units.
        var nanos = ((Math.Max(0, inputTokens) - cached) * InputPerMillion)
            + (cached * (CachedInputPerMillion ?? InputPerMillion))
            + (Math.Max(0, outputTokens) * OutputPerMillion);
        return (long)Math.Round(nanos * 1000m, MidpointRounding.AwayFromZero);
    }
}
