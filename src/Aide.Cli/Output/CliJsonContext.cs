using System.Text.Json.Serialization;

namespace Aide.Cli.Output;

/// <summary>Source-generated JSON for everything the CLI prints with <c>--json</c> (no reflection, trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(AskJsonResult))]
[JsonSerializable(typeof(Aide.Cli.Bench.BenchReport))]
[JsonSerializable(typeof(CacheJsonStats))]
[JsonSerializable(typeof(HealthTimingJson))]
[JsonSerializable(typeof(HealthJson))]
[JsonSerializable(typeof(JsonError))]
[JsonSerializable(typeof(ModelsJson))]
[JsonSerializable(typeof(ModelInfoJson))]
[JsonSerializable(typeof(ProviderJsonStatus[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
