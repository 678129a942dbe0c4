using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aide.Cli.Output;

/// <summary>Source-generated JSON for everything the CLI prints with <c>--json</c> (no reflection, trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(AskJsonResult))]
[JsonSerializable(typeof(Aide.Cli.Bench.BenchReport))]
[JsonSerializable(typeof(CacheJsonStats))]
[JsonSerializable(typeof(DoctorJson))]
[JsonSerializable(typeof(HealthTimingJson))]
[JsonSerializable(typeof(HealthJson))]
[JsonSerializable(typeof(JsonError))]
[JsonSerializable(typeof(ModelsJson))]
[JsonSerializable(typeof(ModelInfoJson))]
[JsonSerializable(typeof(ProviderJsonStatus[]))]
[JsonSerializable(typeof(UsageJson))]
[JsonSerializable(typeof(PriceJson[]))]
[JsonSerializable(typeof(SearchHitJson[]))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    private static CliJsonContext? _readable;

    /// <summary>
    /// The same contract, with text other than ASCII written as itself instead of \u escapes, for what the CLI prints
    /// (an answer in Japanese stays readable in <c>aide ask --json</c>). Not for JSON embedded in HTML
    /// (<c>bench --html</c>), which keeps <see cref="Default"/>'s escaping. Built on first use.
    /// </summary>
    public static CliJsonContext Readable => _readable ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
