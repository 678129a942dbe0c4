using System.Globalization;

using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>Parses raw setting text, throwing errors that name the key, the value, its source and what is allowed.</summary>
internal static class SettingParsers
{
    public static TimeSpan Duration(SettingValue value, string key, TimeSpan max, TimeSpan? min = null)
    {
        var least = min ?? TimeSpan.FromMilliseconds(1);
        var text = value.Text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ when text.EndsWith('d') || text.EndsWith('D') => (text[..^1], 86400.0),
            _ => (text, 1.0),
        };

        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            && double.IsFinite(amount) && amount * scale >= least.TotalSeconds && amount * scale <= max.TotalSeconds)
        {
            return TimeSpan.FromSeconds(amount * scale);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= least && span <= max)
        {
            return span;
        }

        var limit = max.TotalDays >= 1 ? $"{max.TotalDays:0} days" : $"{max.TotalMinutes:0} minutes";
        throw Invalid(value, key, string.Create(CultureInfo.InvariantCulture, $"a duration from {least.TotalMilliseconds:0}ms to {limit}, in seconds (30) or with a unit (500ms, 30s, 2m, 1h, 7d)"));
    }

    /// <summary>A comma-separated list, blanks dropped.</summary>
    public static IReadOnlyList<string> List(SettingValue value) =>
        [.. value.Text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>A list of built-in tool names; <c>none</c> or empty for none.</summary>
    public static IReadOnlyList<string> BuiltInTools(SettingValue value, string key)
    {
        var names = List(value);
        if (names is ["none"])
        {
            return [];
        }

        return names.FirstOrDefault(n => !Aide.Tools.BuiltIn.BuiltInTools.Names.Contains(n)) is { } unknown
            ? throw Invalid(value, key, $"built-in tool names separated by commas ({string.Join(", ", Aide.Tools.BuiltIn.BuiltInTools.Names)}), or none; '{unknown}' is none of them")
            : names;
    }

    public static Usage.UsageBudget Budget(SettingValue value, string key)
    {
        try
        {
            return Usage.UsageBudget.Parse(value.Text);
        }
        catch (FormatException)
        {
            throw Invalid(value, key, "AMOUNT/PERIOD [CURRENCY], e.g. 20/month, 5/day or 100/week EUR (a bare amount is monthly)");
        }
    }

    public static int Integer(SettingValue value, string key, int min, int max) =>
        int.TryParse(value.Text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max
            ? result
            : throw Invalid(value, key, string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}"));

    public static float Real(SettingValue value, string key, float min, float max) =>
        float.TryParse(value.Text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && float.IsFinite(result) && result >= min && result <= max
            ? result
            : throw Invalid(value, key, string.Create(CultureInfo.InvariantCulture, $"a number from {min} to {max}"));

    /// <summary>A size in bytes: a number with an optional unit KB, MB or GB (powers of 1024).</summary>
    public static long Size(SettingValue value, string key, long min, long max)
    {
        var text = value.Text.Trim().ToUpperInvariant();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("KB", StringComparison.Ordinal) => (text[..^2], 1L << 10),
            _ when text.EndsWith("MB", StringComparison.Ordinal) => (text[..^2], 1L << 20),
            _ when text.EndsWith("GB", StringComparison.Ordinal) => (text[..^2], 1L << 30),
            _ when text.EndsWith('B') => (text[..^1], 1L),
            _ => (text, 1L),
        };
        return double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount)
            && amount * scale >= min && amount * scale <= max
            ? (long)(amount * scale)
            : throw Invalid(value, key, string.Create(CultureInfo.InvariantCulture, $"a size from {min >> 20} MB to {max >> 30} GB, in bytes or with a unit (64MB, 1GB)"));
    }

    /// <summary>One of a fixed set of words, case-insensitively.</summary>
    public static T Choice<T>(SettingValue value, string key)
        where T : struct, Enum =>
        Enum.TryParse<T>(value.Text.Trim(), ignoreCase: true, out var result) && Enum.IsDefined(result) && !int.TryParse(value.Text, out _)
            ? result
            : throw Invalid(value, key, string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));

    public static bool Boolean(SettingValue value, string key) => value.Text.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" or "ON" => true,
        "FALSE" or "0" or "NO" or "OFF" => false,
        _ => throw Invalid(value, key, "true or false"),
    };

    public static AideConfigurationException Invalid(SettingValue value, string key, string allowed, bool secret = false) =>
        new($"Invalid {key} {(secret ? "(value hidden)" : $"'{value.Text}'")} from {value.Source}: expected {allowed}.")
        {
            Key = key,
            ValueSource = value.Source,
        };
}
