using System.Globalization;
using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Turns;

/// <summary>
/// The facts saved with an answer (<see cref="Conversations.StoredMessage.Metadata"/>): who gave it and what it cost,
/// never keys or addresses.
/// </summary>
public static class TurnMetadata
{
    /// <summary>The key of the answering provider's kind (<c>local</c>, <c>ollama</c>, <c>openai</c>).</summary>
    public const string ProviderKey = "provider";

    /// <summary>The key of the model that answered.</summary>
    public const string ModelKey = "model";

    /// <summary>The key of the prompt's tokens, as the provider reported them.</summary>
    public const string InputTokensKey = "inputTokens";

    /// <summary>The key of the answer's tokens, as the provider reported them.</summary>
    public const string OutputTokensKey = "outputTokens";

    /// <summary>The key of the time the answer took, in milliseconds.</summary>
    public const string LatencyKey = "latencyMs";

    /// <summary>The key present (value <c>true</c>) on an answer that broke off: what was shown before the failure.</summary>
    public const string IncompleteKey = "incomplete";

    /// <summary>Whether a saved message is an answer that broke off before its end.</summary>
    /// <param name="metadata">The message's metadata.</param>
    /// <returns><see langword="true"/> when marked incomplete.</returns>
    public static bool IsIncomplete(IReadOnlyDictionary<string, string>? metadata) =>
        metadata?.TryGetValue(IncompleteKey, out var value) == true && value == "true";

    /// <summary>The facts to save with a finished turn's answer.</summary>
    /// <param name="result">The turn.</param>
    /// <returns>Provider kind, model, token counts and latency, as a turn saves them.</returns>
    public static IReadOnlyDictionary<string, string> Of(ChatTurnResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Of(result.Provider, result.ModelId, result.Usage, result.Latency, incomplete: false);
    }

    internal static Dictionary<string, string> Of(ProviderSettings? provider, string? model, UsageDetails? usage, TimeSpan latency, bool incomplete)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (provider is not null)
        {
            metadata[ProviderKey] = provider.KindName;
        }

        if ((model ?? provider?.Model) is { } name)
        {
            metadata[ModelKey] = name;
        }

        if (usage?.InputTokenCount is { } input)
        {
            metadata[InputTokensKey] = input.ToString(CultureInfo.InvariantCulture);
        }

        if (usage?.OutputTokenCount is { } output)
        {
            metadata[OutputTokensKey] = output.ToString(CultureInfo.InvariantCulture);
        }

        metadata[LatencyKey] = latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        if (incomplete)
        {
            metadata[IncompleteKey] = "true";
        }

        return metadata;
    }
}
