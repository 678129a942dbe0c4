using System.Globalization;

namespace Aide.Cli.Output;

/// <summary>A count with its noun in the right number: "1 item", "2 items", "1,024 tokens".</summary>
internal static class Count
{
    public static string Of(long count, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural ?? singular + "s")}");
}
