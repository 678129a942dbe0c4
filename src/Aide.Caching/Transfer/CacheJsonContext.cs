using System.Text.Json.Serialization;

namespace Aide.Caching.Transfer;

/// <summary>Source-generated JSON for exported caches (no reflection, trimming- and AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CacheExportHeader))]
[JsonSerializable(typeof(CacheExportEntry))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
