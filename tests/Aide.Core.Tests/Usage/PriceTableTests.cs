using Aide.Usage;

namespace Aide.Core.Tests.Usage;

public sealed class PriceTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4o-mini")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")] // a dated snapshot takes its family's price
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("openai/gpt-4.1-mini", "gpt-4.1-mini")] // a vendor prefix (OpenRouter) is ignored
    [InlineData("GPT-5-MINI", "gpt-5-mini")]
    [InlineData("o3-mini-2025-01-31", "o3-mini")] // the longest name that fits wins over "o3"
    public void Hosted_models_find_their_most_specific_price(string model, string expected)
    {
        Assert.Equal(expected, PriceTable.Default.Find("openai", model, Now)?.Model);
    }

    [Theory]
    [InlineData("local", "gpt-4o-mini")] // the defaults are for hosted endpoints: a local model is free to run
    [InlineData("ollama", "llama3.2")]
    [InlineData("openai", "qwen2.5-7b-instruct")] // unknown: unpriced, never guessed
    [InlineData("openai", "gpt-4oo")] // a longer word is another model, not a snapshot
    [InlineData("openai", null)]
    public void Local_and_unknown_models_are_unpriced(string kind, string? model)
    {
        Assert.Null(PriceTable.Default.Find(kind, model, Now));
    }

    [Fact]
    public void The_price_in_force_on_the_answers_day_applies()
    {
        Assert.Equal(0.27m, PriceTable.Default.Find("openai", "deepseek-chat", new DateTimeOffset(2025, 9, 4, 23, 0, 0, TimeSpan.Zero))!.InputPerMillion);
        Assert.Equal(0.56m, PriceTable.Default.Find("openai", "deepseek-chat", new DateTimeOffset(2025, 9, 5, 0, 0, 0, TimeSpan.Zero))!.InputPerMillion);
        Assert.Null(PriceTable.Default.Find("openai", "gpt-5", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Configured_prices_win_over_the_defaults_and_can_price_any_provider()
    {
        var table = PriceTable.WithOverrides(
        [
            new ModelPrice("GPT-4o-mini", 1m, 2m) { Currency = "usd" },
            new ModelPrice("qwen2.5", 0.01m, 0.02m) { Provider = "local", Currency = "EUR" },
        ]);

        var mini = table.Find("openai", "gpt-4o-mini-2024-07-18", Now)!;
        Assert.Equal((1m, 2m, "USD"), (mini.InputPerMillion, mini.OutputPerMillion, mini.Currency));
        Assert.Equal("EUR", table.Find("local", "qwen2.5:7b", Now)!.Currency);
        Assert.Null(table.Find("ollama", "qwen2.5", Now)); // priced for local only
        Assert.Equal(2.50m, table.Find("openai", "gpt-4o", Now)!.InputPerMillion); // the other defaults stay
        Assert.Throws<ArgumentException>(() => PriceTable.WithOverrides([new ModelPrice("x", -1m, 0m)]));
        Assert.Throws<ArgumentException>(() => PriceTable.WithOverrides([new ModelPrice("x", 1m, 0m) { Currency = "dollars" }]));
    }

    [Fact]
    public void Cost_charges_cached_prompt_tokens_at_their_own_price_exactly()
    {
        var price = new ModelPrice("m", 0.15m, 0.60m) { CachedInputPerMillion = 0.075m };

        // 1,000,000 prompt tokens of which 400,000 cached, 100,000 out: 0.6×0.15 + 0.4×0.075 + 0.1×0.60 = 0.18
        Assert.Equal(180_000_000, price.CostNanos(1_000_000, 400_000, 100_000));
        Assert.Equal(0.18m, UsageMoney.FromNanos(price.CostNanos(1_000_000, 400_000, 100_000)));

        // Without a cached price they are input; more cached than input is clamped; 7 tokens cost 1,050 nano-dollars.
        Assert.Equal(new ModelPrice("m", 0.15m, 0m).CostNanos(1000, 500, 0), new ModelPrice("m", 0.15m, 0m).CostNanos(1000, 0, 0));
        Assert.Equal(price.CostNanos(10, 10, 0), price.CostNanos(10, 99, 0));
        Assert.Equal(1_050, price.CostNanos(7, 0, 0));
    }

    [Theory]
    [InlineData(0.0042, "USD", "$0.0042")]
    [InlineData(12.3, "USD", "$12.30")]
    [InlineData(0, "USD", "$0.00")]
    [InlineData(0.5, "EUR", "0.50 EUR")]
    [InlineData(0.000001234, "USD", "$0.0000012")] // a short turn's cost is not shown as free
    [InlineData(0.01, "USD", "$0.01")]
    [InlineData(0.025, "USD", "$0.025")]
    public void Money_is_shown_with_the_digits_a_turn_needs(double amount, string currency, string expected)
    {
        Assert.Equal(expected, UsageMoney.Format((decimal)amount, currency));
    }
}
