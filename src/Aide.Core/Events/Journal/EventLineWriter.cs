using System.Globalization;
using System.Text.Json;
using Aide.Json;

namespace Aide.Events.Journal;

/// <summary>
/// Writes Aide's events as the JSON that <see cref="EventJsonContext"/> reads back (<c>{"type":"Name",…}</c>, camelCase,
/// enums by name, nulls left out), straight to a <see cref="Utf8JsonWriter"/>.
/// </summary>
/// <remarks>
/// Hand-written because System.Text.Json builds each type's contract the first time a process serializes it, reading
/// the type's attributes by reflection: about 150 µs a type under Native AOT (perf), several milliseconds of every
/// short <c>aide</c> command that journals its events. A test writes every catalogued event with every property set
/// and reads it back through the source-generated reader. A type not handled here returns <see langword="false"/>
/// and the journal serializes it through System.Text.Json.
/// </remarks>
internal static class EventLineWriter
{
    private static readonly string[] Severities = [nameof(EventSeverity.Debug), nameof(EventSeverity.Info), nameof(EventSeverity.Warning), nameof(EventSeverity.Error), nameof(EventSeverity.Critical)];
    private static readonly string[] Tiers = [nameof(CacheTier.Memory), nameof(CacheTier.Disk)];
    private static readonly string[] Circuits = [nameof(CircuitState.Closed), nameof(CircuitState.Open), nameof(CircuitState.HalfOpen), nameof(CircuitState.Isolated)];
    private static readonly string[] Evictions = [nameof(EvictionReason.Capacity), nameof(EvictionReason.Expired), nameof(EvictionReason.Invalidated), nameof(EvictionReason.Corrupt), nameof(EvictionReason.Replaced)];
    private static readonly string[] Scopes = [nameof(InvalidationScope.Key), nameof(InvalidationScope.Tag), nameof(InvalidationScope.Prefix), nameof(InvalidationScope.Namespace)];
    private static readonly string[] Operations = [nameof(ContextOperation.Add), nameof(ContextOperation.Update), nameof(ContextOperation.Remove)];
    private static readonly string[] Changes = [nameof(EntityChange.Added), nameof(EntityChange.Updated)];

    /// <summary>Writes <paramref name="evt"/> as one JSON object; <see langword="false"/> (nothing written) for a type it does not know.</summary>
    public static bool TryWrite(Utf8JsonWriter writer, AideEvent evt)
    {
        switch (evt)
        {
            case ContextUpdated e:
                Start(writer, nameof(ContextUpdated));
                writer.WriteString("elementId", e.ElementId);
                WriteEnum(writer, "operation", (int)e.Operation, Operations);
                writer.WriteNumber("tokenCount", e.TokenCount);
                break;
            case ContextWindowChanged e:
                Start(writer, nameof(ContextWindowChanged));
                writer.WriteNumber("tokensBefore", e.TokensBefore);
                writer.WriteNumber("tokensAfter", e.TokensAfter);
                writer.WriteNumber("itemsBefore", e.ItemsBefore);
                writer.WriteNumber("itemsAfter", e.ItemsAfter);
                writer.WriteNumber("budget", e.Budget);
                writer.WriteString("strategy", e.Strategy);
                writer.WriteNumber("itemsDropped", e.ItemsDropped);
                writer.WriteNumber("itemsSummarized", e.ItemsSummarized);
                break;
            case ContextEntityDetected e:
                Start(writer, nameof(ContextEntityDetected));
                writer.WriteString("entityId", e.EntityId);
                writer.WriteString("kind", e.Kind);
                writer.WriteString("text", e.Text);
                WriteEnum(writer, "change", (int)e.Change, Changes);
                break;
            case ContextEntityRemoved e:
                Start(writer, nameof(ContextEntityRemoved));
                writer.WriteString("entityId", e.EntityId);
                writer.WriteString("kind", e.Kind);
                writer.WriteString("reason", e.Reason);
                break;
            case ContextRestored e:
                Start(writer, nameof(ContextRestored));
                writer.WriteString("from", e.From);
                writer.WriteNumber("items", e.Items);
                writer.WriteNumber("entities", e.Entities);
                Duration(writer, "elapsed", e.Elapsed);
                break;
            case ContextCleared e:
                Start(writer, nameof(ContextCleared));
                writer.WriteNumber("itemsRemoved", e.ItemsRemoved);
                writer.WriteNumber("entitiesRemoved", e.EntitiesRemoved);
                break;
            case HealthThresholdExceeded e:
                Start(writer, nameof(HealthThresholdExceeded));
                writer.WriteString("component", e.Component);
                writer.WriteString("metric", e.Metric);
                writer.WriteNumber("value", e.Value);
                writer.WriteNumber("threshold", e.Threshold);
                break;
            case AutoRecoveryStarted e:
                Start(writer, nameof(AutoRecoveryStarted));
                writer.WriteString("component", e.Component);
                writer.WriteString("issue", e.Issue);
                writer.WriteStartArray("strategies");
                foreach (var strategy in e.Strategies)
                {
                    writer.WriteStringValue(strategy);
                }

                writer.WriteEndArray();
                break;
            case AutoRecoveryCompleted e:
                Start(writer, nameof(AutoRecoveryCompleted));
                writer.WriteString("component", e.Component);
                writer.WriteString("strategy", e.Strategy);
                writer.WriteBoolean("success", e.Success);
                Duration(writer, "duration", e.Duration);
                break;
            case HealthPredictionAlert e:
                Start(writer, nameof(HealthPredictionAlert));
                writer.WriteString("component", e.Component);
                writer.WriteString("metric", e.Metric);
                writer.WriteString("predictedBreach", e.PredictedBreach);
                writer.WriteNumber("confidence", e.Confidence);
                writer.WriteString("message", e.Message);
                break;
            case CircuitBreakerStateChanged e:
                Start(writer, nameof(CircuitBreakerStateChanged));
                writer.WriteString("component", e.Component);
                WriteEnum(writer, "from", (int)e.From, Circuits);
                WriteEnum(writer, "to", (int)e.To, Circuits);
                writer.WriteString("reason", e.Reason);
                break;
            case CacheHit e:
                Start(writer, nameof(CacheHit));
                writer.WriteString("cache", e.Cache);
                writer.WriteString("keyHash", e.KeyHash);
                WriteEnum(writer, "tier", (int)e.Tier, Tiers);
                Duration(writer, "latency", e.Latency);
                break;
            case CacheMiss e:
                Start(writer, nameof(CacheMiss));
                writer.WriteString("cache", e.Cache);
                writer.WriteString("keyHash", e.KeyHash);
                Duration(writer, "latency", e.Latency);
                break;
            case CacheEviction e:
                Start(writer, nameof(CacheEviction));
                writer.WriteString("cache", e.Cache);
                writer.WriteString("keyHash", e.KeyHash);
                WriteEnum(writer, "reason", (int)e.Reason, Evictions);
                writer.WriteNumber("bytes", e.Bytes);
                break;
            case CacheExpired e:
                Start(writer, nameof(CacheExpired));
                writer.WriteString("cache", e.Cache);
                writer.WriteString("keyHash", e.KeyHash);
                Duration(writer, "age", e.Age);
                break;
            case CacheCleared e:
                Start(writer, nameof(CacheCleared));
                writer.WriteString("cache", e.Cache);
                writer.WriteNumber("count", e.Count);
                writer.WriteNumber("bytes", e.Bytes);
                break;
            case CacheWarmed e:
                Start(writer, nameof(CacheWarmed));
                writer.WriteString("cache", e.Cache);
                writer.WriteNumber("count", e.Count);
                writer.WriteNumber("bytes", e.Bytes);
                Duration(writer, "elapsed", e.Elapsed);
                break;
            case CacheInvalidated e:
                Start(writer, nameof(CacheInvalidated));
                writer.WriteString("cache", e.Cache);
                WriteEnum(writer, "scope", (int)e.Scope, Scopes);
                writer.WriteString("match", e.Match);
                writer.WriteNumber("count", e.Count);
                break;
            case ChatRequestStarted e:
                Start(writer, nameof(ChatRequestStarted));
                writer.WriteString("provider", e.Provider);
                writer.WriteIfSet("model", e.Model);
                writer.WriteNumber("messages", e.Messages);
                writer.WriteBoolean("streaming", e.Streaming);
                break;
            case ChatResponseCompleted e:
                Start(writer, nameof(ChatResponseCompleted));
                writer.WriteString("provider", e.Provider);
                writer.WriteIfSet("model", e.Model);
                writer.WriteIfSet("inputTokens", e.InputTokens);
                writer.WriteIfSet("outputTokens", e.OutputTokens);
                Duration(writer, "latency", e.Latency);
                if (e.TimeToFirstToken is { } first)
                {
                    Duration(writer, "timeToFirstToken", first);
                }

                writer.WriteBoolean("fromCache", e.FromCache);
                break;
            case ChatRequestFailed e:
                Start(writer, nameof(ChatRequestFailed));
                writer.WriteString("provider", e.Provider);
                writer.WriteIfSet("model", e.Model);
                writer.WriteString("errorKind", e.ErrorKind);
                writer.WriteIfSet("statusCode", e.StatusCode);
                writer.WriteString("message", e.Message);
                Duration(writer, "elapsed", e.Elapsed);
                break;
            case ProviderFailover e:
                Start(writer, nameof(ProviderFailover));
                writer.WriteString("from", e.From);
                writer.WriteString("to", e.To);
                writer.WriteString("reason", e.Reason);
                break;
            default:
                return false;
        }

        writer.WriteString("id", evt.Id);
        writer.WriteString("timestamp", evt.Timestamp);
        writer.WriteString("source", evt.Source);
        writer.WriteIfSet("sessionId", evt.SessionId);
        writer.WriteIfSet("correlationId", evt.CorrelationId);
        WriteEnum(writer, "severity", (int)evt.Severity, Severities);
        writer.WriteEndObject();
        return true;
    }

    private static void Start(Utf8JsonWriter writer, string type)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
    }

    /// <summary>By name, as the reader's string enum converter expects; a value with no name as its number, as that converter writes it.</summary>
    private static void WriteEnum(Utf8JsonWriter writer, string name, int value, string[] names)
    {
        if ((uint)value < (uint)names.Length)
        {
            writer.WriteString(name, names[value]);
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    /// <summary>The constant ("c") format, as System.Text.Json writes a <see cref="TimeSpan"/>.</summary>
    private static void Duration(Utf8JsonWriter writer, string name, TimeSpan value)
    {
        Span<char> text = stackalloc char[32];
        value.TryFormat(text, out var length, "c", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }
}
