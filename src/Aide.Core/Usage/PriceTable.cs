namespace Aide.Usage;

/// <summary>
/// Looks up what an answer cost: the most specific entry for the provider kind and model (a snapshot's own entry before
/// its family's), a configured price before a default, and of those the latest in force on the answer's day.
/// A model no entry names is unpriced: it costs 0 and is reported as unpriced, never guessed.
/// </summary>
public sealed class PriceTable
{
    private readonly ModelPrice[] _prices;
    private readonly int _overrides;

    private PriceTable(ModelPrice[] prices, int overrides)
    {
        _prices = prices;
        _overrides = overrides;
    }

    /// <summary>Gets the prices shipped with Aide (hosted OpenAI, Anthropic, Google and DeepSeek models; see <see cref="DefaultsAsOf"/>).</summary>
    public static PriceTable Default { get; } = new([.. DefaultPrices.All], 0);

    /// <summary>Gets the day the default prices were taken from the vendors' price lists.</summary>
    public static DateOnly DefaultsAsOf => DefaultPrices.AsOf;

    /// <summary>Gets every entry: the overrides first, then the defaults.</summary>
    public IReadOnlyList<ModelPrice> Prices => _prices;

    /// <summary>A table whose entries win over the defaults for the models they name.</summary>
    /// <param name="overrides">Prices from configuration.</param>
    /// <returns>The table.</returns>
    public static PriceTable WithOverrides(IEnumerable<ModelPrice> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var own = overrides.Select(Normalized).ToArray();
        foreach (var price in own)
        {
            if (price.Model.Length == 0 || price.InputPerMillion < 0 || price.OutputPerMillion < 0 || price.CachedInputPerMillion < 0 || price.Currency.Length != 3)
            {
                throw new ArgumentException($"The price for '{price.Model}' is invalid: a model name, prices of 0 or more, and a three-letter currency code are required.", nameof(overrides));
            }
        }

        return new PriceTable([.. own, .. DefaultPrices.All], own.Length);
    }

    /// <summary>The price in force for a model on a day.</summary>
    /// <param name="providerKind">The provider kind's name (<c>openai</c>, <c>ollama</c>, <c>local</c>).</param>
    /// <param name="model">The model as the provider named it; a vendor prefix (<c>openai/</c>) is ignored.</param>
    /// <param name="at">When the answer was given.</param>
    /// <returns>The price, or <see langword="null"/> when the model is unpriced.</returns>
    public ModelPrice? Find(string? providerKind, string? model, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = model.Trim();
        var slash = name.LastIndexOf('/');
        var bare = slash >= 0 ? name.AsSpan(slash + 1) : name.AsSpan();
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        ModelPrice? best = null;
        (int Length, bool Own, DateOnly From) bestRank = default;
        for (var i = 0; i < _prices.Length; i++)
        {
            var price = _prices[i];
            if (price.ValidFrom > day || (price.Provider is { } kind && !string.Equals(kind, providerKind, StringComparison.OrdinalIgnoreCase)) || !Names(price.Model, bare))
            {
                continue;
            }

            var rank = (price.Model.Length, i < _overrides, price.ValidFrom);
            if (best is null || rank.CompareTo(bestRank) > 0)
            {
                (best, bestRank) = (price, rank);
            }
        }

        return best;
    }

    /// <summary>Whether an entry names the model: the same name, or the name followed by a snapshot date or tag.</summary>
    private static bool Names(string entry, ReadOnlySpan<char> model) =>
        model.StartsWith(entry, StringComparison.OrdinalIgnoreCase)
        && (model.Length == entry.Length || model[entry.Length] is '-' or ':' or '@');

    private static ModelPrice Normalized(ModelPrice price) => price with
    {
        Model = price.Model.Trim().ToLowerInvariant(),
        Currency = price.Currency.Trim().ToUpperInvariant(),
        Provider = string.IsNullOrWhiteSpace(price.Provider) ? null : price.Provider.Trim().ToLowerInvariant(),
    };
}
