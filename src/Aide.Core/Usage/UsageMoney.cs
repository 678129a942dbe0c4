namespace Aide.Usage;

/// <summary>Money as Aide stores it: whole billionths of a currency unit, so sums are exact.</summary>
public static class UsageMoney
{
    /// <summary>Nano-units in one currency unit.</summary>
    public const long NanosPerUnit = 1_000_000_000;

    /// <summary>An amount in nano-units as a decimal amount.</summary>
    /// <param name="nanos">The amount in nano-units.</param>
    /// <returns>The amount.</returns>
    public static decimal FromNanos(long nanos) => nanos / (decimal)NanosPerUnit;

    /// <summary>An amount as nano-units.</summary>
    /// <param name="amount">The amount.</param>
    /// <returns>The amount in nano-units, rounded.</returns>
    public static long ToNanos(decimal amount) => (long)Math.Round(amount * NanosPerUnit, MidpointRounding.AwayFromZero);

    /// <summary>
    /// An amount for people: cents for a unit or more; below that two significant digits, so the fraction of a cent a
    /// short turn costs never shows as <c>$0.00</c> (which reads as free).
    /// </summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The currency code.</param>
    /// <returns>e.g. <c>$0.0000048</c>, <c>$0.0042</c>, <c>$12.30</c>, <c>0.0042 EUR</c>.</returns>
    public static string Format(decimal amount, string currency)
    {
        var magnitude = Math.Abs(amount);
        var decimals = magnitude is 0 or >= 1 ? 2 : Math.Clamp(1 - (int)Math.Floor(Math.Log10((double)magnitude)), 2, 9);
        var digits = "0.00" + new string('#', decimals - 2);
        var number = amount.ToString(digits, System.Globalization.CultureInfo.InvariantCulture);
        return currency == "USD" ? (amount < 0 ? "-$" + number[1..] : "$" + number) : $"{number} {currency}";
    }
}
