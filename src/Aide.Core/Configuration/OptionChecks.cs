using System.Globalization;
using Microsoft.Extensions.Options;

namespace Aide.Configuration;

/// <summary>The range checks the options validators share, each failure naming the option, its value and the range.</summary>
internal static class OptionChecks
{
    public static void Range<T>(List<string> failures, string name, T? value, T min, T max)
        where T : struct, IComparable<T>
    {
        if (value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {v}; it must be from {min} to {max}."));
        }
    }

    /// <summary>Validates options handed over directly (not through a container), as a container's start would.</summary>
    public static void ThrowIfInvalid<T>(IValidateOptions<T> validator, T options)
        where T : class
    {
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures);
        }
    }
}
