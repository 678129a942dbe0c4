using System.Globalization;
using System.Text.Json;
using Aide.Usage;

namespace Aide.Cli.Configuration;

/// <summary>The config file's <c>budget</c> object and <c>prices</c> array, with errors that name the entry.</summary>
internal static class UsageConfigReader
{
    /// <summary><c>{ "monthly": 20, "currency": "USD" }</c> (or <c>daily</c>/<c>weekly</c>) as the text <see cref="UsageBudget.Parse"/> reads.</summary>
    public static string BudgetText(JsonElement budget, string source)
    {
        const string Allowed = """{ "monthly": 20 } (or "daily"/"weekly"), with an optional "currency": "USD" """;
        string? amount = null, period = null, currency = null;
        foreach (var field in budget.EnumerateObject())
        {
            var name = field.Name.ToLowerInvariant();
            if (name == "currency" && field.Value.ValueKind == JsonValueKind.String)
            {
                currency = field.Value.GetString();
            }
            else if (UsageBudget.ParsePeriod(name) is not null && field.Value.ValueKind == JsonValueKind.Number && amount is null)
            {
                (amount, period) = (field.Value.GetRawText(), name);
            }
            else
            {
                throw ConfigFileReader.Invalid($"{SettingKeys.Budget}.{field.Name}", source, Allowed);
            }
        }

        return amount is null ? throw ConfigFileReader.Invalid(SettingKeys.Budget, source, Allowed) : $"{amount}/{period} {currency ?? "USD"}";
    }

    public static List<ModelPrice> ReadPrices(JsonElement array, string source, string path, List<string> warnings)
    {
        const string Entry = """{ "model": "gpt-4o-mini", "input": 0.15, "output": 0.60 } (USD per million tokens; optional cachedInput, provider, currency, validFrom)""";
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw ConfigFileReader.Invalid(SettingKeys.Prices, source, "an array of " + Entry);
        }

        var prices = new List<ModelPrice>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{SettingKeys.Prices}[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ConfigFileReader.Invalid(key, source, Entry);
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in item.EnumerateObject())
            {
                if (SettingKeys.PriceFields.FirstOrDefault(f => f.Equals(field.Name, StringComparison.OrdinalIgnoreCase)) is { } name)
                {
                    fields[name] = field.Value;
                }
                else
                {
                    warnings.Add($"Unknown key '{key}.{field.Name}' in {path} is ignored (known: {string.Join(", ", SettingKeys.PriceFields)}).");
                }
            }

            string? Text(string name) => fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            decimal? Money(string name, bool required)
            {
                if (!fields.TryGetValue(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return required ? throw ConfigFileReader.Invalid($"{key}.{name}", source, "a price per million tokens (a number of 0 or more)") : null;
                }

                return v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) && d >= 0
                    ? d
                    : throw ConfigFileReader.Invalid($"{key}.{name}", source, "a price per million tokens (a number of 0 or more)");
            }

            var model = Text("model");
            if (string.IsNullOrWhiteSpace(model))
            {
                throw ConfigFileReader.Invalid($"{key}.model", source, "the model's name, e.g. \"gpt-4o-mini\"");
            }

            var currency = Text("currency") ?? "USD";
            if (currency.Length != 3 || !currency.All(char.IsAsciiLetter))
            {
                throw ConfigFileReader.Invalid($"{key}.currency", source, "a three-letter currency code, e.g. \"USD\"");
            }

            var validFrom = DateOnly.MinValue;
            if (Text("validFrom") is { } from && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out validFrom))
            {
                throw ConfigFileReader.Invalid($"{key}.validFrom", source, "a date written yyyy-MM-dd");
            }

            prices.Add(new ModelPrice(model.Trim().ToLowerInvariant(), Money("input", true)!.Value, Money("output", true)!.Value)
            {
                Provider = Text("provider")?.Trim().ToLowerInvariant(),
                CachedInputPerMillion = Money("cachedInput", false),
                Currency = currency.ToUpperInvariant(),
                ValidFrom = validFrom,
            });
        }

        return prices;
    }
}
