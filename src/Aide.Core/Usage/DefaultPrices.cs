namespace Aide.Usage;

/// <summary>
/// List prices (USD per million tokens) of common hosted models, as their vendors published them on <see cref="AsOf"/>.
/// They apply to OpenAI-compatible endpoints only (local and Ollama models are free to run, so unpriced); prices change,
/// so config <c>prices</c> overrides any of them, and a dated entry keeps older answers at the price of their day.
/// </summary>
internal static class DefaultPrices
{
    public static readonly DateOnly AsOf = new(2025, 9, 15);

    public static readonly IReadOnlyList<ModelPrice> All =
    [
        // OpenAI
        Price("gpt-5", 1.25m, 0.125m, 10m, 2025, 8, 7),
        Price("gpt-5-mini", 0.25m, 0.025m, 2m, 2025, 8, 7),
        Price("gpt-5-nano", 0.05m, 0.005m, 0.40m, 2025, 8, 7),
        Price("gpt-4.1", 2m, 0.50m, 8m, 2025, 4, 14),
        Price("gpt-4.1-mini", 0.40m, 0.10m, 1.60m, 2025, 4, 14),
        Price("gpt-4.1-nano", 0.10m, 0.025m, 0.40m, 2025, 4, 14),
        Price("gpt-4o", 2.50m, 1.25m, 10m, 2024, 10, 1),
        Price("gpt-4o-mini", 0.15m, 0.075m, 0.60m, 2024, 7, 18),
        Price("o1", 15m, 7.50m, 60m, 2024, 12, 17),
        Price("o3", 2m, 0.50m, 8m, 2025, 6, 10),
        Price("o3-mini", 1.10m, 0.55m, 4.40m, 2025, 1, 31),
        Price("o4-mini", 1.10m, 0.275m, 4.40m, 2025, 4, 16),
        Price("gpt-3.5-turbo", 0.50m, null, 1.50m, 2024, 1, 25),
        Price("text-embedding-3-small", 0.02m, null, 0m, 2024, 1, 25),
        Price("text-embedding-3-large", 0.13m, null, 0m, 2024, 1, 25),

        // Anthropic (its OpenAI-compatible endpoint; cached = cache reads)
        Price("claude-opus-4", 15m, 1.50m, 75m, 2025, 5, 22),
        Price("claude-sonnet-4", 3m, 0.30m, 15m, 2025, 5, 22),
        Price("claude-3-7-sonnet", 3m, 0.30m, 15m, 2025, 2, 24),
        Price("claude-3-5-haiku", 0.80m, 0.08m, 4m, 2024, 11, 4),

        // Google (Gemini's OpenAI-compatible endpoint; prompts up to 200k tokens)
        Price("gemini-2.5-pro", 1.25m, 0.31m, 10m, 2025, 6, 17),
        Price("gemini-2.5-flash", 0.30m, 0.075m, 2.50m, 2025, 6, 17),
        Price("gemini-2.0-flash", 0.10m, 0.025m, 0.40m, 2025, 2, 5),

        // DeepSeek: one price for both names since V3.1, and the older ones before it
        Price("deepseek-chat", 0.27m, 0.07m, 1.10m, 2025, 2, 8),
        Price("deepseek-chat", 0.56m, 0.07m, 1.68m, 2025, 9, 5),
        Price("deepseek-reasoner", 0.55m, 0.14m, 2.19m, 2025, 2, 8),
        Price("deepseek-reasoner", 0.56m, 0.07m, 1.68m, 2025, 9, 5),
    ];

    private static ModelPrice Price(string model, decimal input, decimal? cachedInput, decimal output, int year, int month, int day) =>
        new(model, input, output) { Provider = "openai", CachedInputPerMillion = cachedInput, ValidFrom = new DateOnly(year, month, day) };
}
