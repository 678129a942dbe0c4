using System.Globalization;
using Aide.Configuration;

namespace Aide.Cli.Chat;

/// <summary>What is saved with an answer: who gave it and what it cost (never keys or addresses with credentials).</summary>
internal static class TurnMetadata
{
    /// <summary>The key of the answering provider's kind (<c>local</c>, <c>ollama</c>, <c>openai</c>).</summary>
    public const string ProviderKey = "provider";

    public static Dictionary<string, string> Of(ProviderSettings provider, TurnResult answer)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ProviderKey] = provider.KindName };
        if ((answer.Model ?? provider.Model) is { } model)
        {
            metadata["model"] = model;
        }

        if (answer.Usage?.InputTokenCount is { } input)
        {
            metadata["inputTokens"] = input.ToString(CultureInfo.InvariantCulture);
        }

        if (answer.Usage?.OutputTokenCount is { } output)
        {
            metadata["outputTokens"] = output.ToString(CultureInfo.InvariantCulture);
        }

        metadata["latencyMs"] = answer.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        return metadata;
    }
}
