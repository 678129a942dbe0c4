using System.Text.Json.Serialization;
using Aide.Server.Dashboard.Wire;

namespace Aide.Server.Dashboard;

/// <summary>The <c>/api</c> JSON, source-generated: camelCase, nulls left out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(HealthPanel))]
[JsonSerializable(typeof(ProvidersPanel))]
[JsonSerializable(typeof(CachePanel))]
[JsonSerializable(typeof(InvalidateRequest))]
[JsonSerializable(typeof(RemovalCount))]
[JsonSerializable(typeof(UsagePanel))]
[JsonSerializable(typeof(ConversationsPanel))]
[JsonSerializable(typeof(ConversationView))]
[JsonSerializable(typeof(KeysPanel))]
[JsonSerializable(typeof(DashboardError))]
[JsonSerializable(typeof(string))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
