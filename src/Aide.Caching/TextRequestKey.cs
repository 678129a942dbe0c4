using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace Aide.Caching;

/// <summary>
/// The cache key of a text-only chat request, hashed directly (XxHash128 over a length-prefixed encoding of every
/// field) instead of through Microsoft.Extensions.AI's JSON serialization, whose polymorphic metadata costs ~6 ms to
/// build in a fresh Native AOT process: a third of an <c>aide ask</c> answered from the cache (perf). Requests with
/// anything else (tools, images, response formats, provider-specific properties) return <see langword="false"/> and
/// keep M.E.AI's key. <see cref="KnownOptions"/> lists every <see cref="ChatOptions"/> property this accounts for; a
/// test fails when Microsoft.Extensions.AI adds one, so a new option can never be silently left out of the key.
/// </summary>
internal static class TextRequestKey
{
    /// <summary>Every public property of <see cref="ChatOptions"/> that <see cref="TryCompute"/> hashes or requires empty.</summary>
    public static readonly IReadOnlySet<string> KnownOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(ChatOptions.ConversationId), nameof(ChatOptions.Instructions), nameof(ChatOptions.Temperature), nameof(ChatOptions.MaxOutputTokens),
        nameof(ChatOptions.TopP), nameof(ChatOptions.TopK), nameof(ChatOptions.FrequencyPenalty), nameof(ChatOptions.PresencePenalty),
        nameof(ChatOptions.Seed), nameof(ChatOptions.ModelId), nameof(ChatOptions.StopSequences), nameof(ChatOptions.AllowMultipleToolCalls),
        nameof(ChatOptions.AllowBackgroundResponses), nameof(ChatOptions.Reasoning), nameof(ChatOptions.ResponseFormat), nameof(ChatOptions.ToolMode),
        nameof(ChatOptions.Tools), nameof(ChatOptions.ContinuationToken), nameof(ChatOptions.RawRepresentationFactory), nameof(ChatOptions.AdditionalProperties),
    };

    /// <summary>Computes the key, or returns <see langword="false"/> for requests it does not cover.</summary>
    /// <param name="messages">The messages (role, author and text count; ids and timestamps do not).</param>
    /// <param name="options">The options.</param>
    /// <param name="additionalValues">Per-call values (M.E.AI passes whether the call streams).</param>
    /// <param name="clientValues">The client's values (Aide's: the key version and the provider list).</param>
    /// <param name="key">The key.</param>
    public static bool TryCompute(IEnumerable<ChatMessage> messages, ChatOptions? options, ReadOnlySpan<object?> additionalValues, IReadOnlyList<object>? clientValues, out string key)
    {
        key = string.Empty;
        if (options is not null && (options.GetType() != typeof(ChatOptions) || options.Reasoning is not null || options.ResponseFormat is not null
            || options.ToolMode is not null || options.Tools is { Count: > 0 } || options.ContinuationToken is not null
            || options.RawRepresentationFactory is not null || options.AdditionalProperties is { Count: > 0 }))
        {
            return false;
        }

        var hash = new XxHash128();
        foreach (var value in additionalValues)
        {
            if (!TryAddValue(hash, value))
            {
                return false;
            }
        }

        foreach (var value in clientValues ?? [])
        {
            if (!TryAddValue(hash, value))
            {
                return false;
            }
        }

        foreach (var message in messages)
        {
            Add(hash, 'r', message.Role.Value);
            Add(hash, 'a', message.AuthorName);
            foreach (var content in message.Contents)
            {
                if (content.GetType() != typeof(TextContent) || content.AdditionalProperties is { Count: > 0 } || content.Annotations is { Count: > 0 })
                {
                    return false;
                }

                Add(hash, 't', ((TextContent)content).Text);
            }
        }

        if (options is not null)
        {
            Add(hash, 'c', options.ConversationId);
            Add(hash, 'i', options.Instructions);
            Add(hash, 'T', options.Temperature);
            Add(hash, 'M', options.MaxOutputTokens);
            Add(hash, 'P', options.TopP);
            Add(hash, 'K', options.TopK);
            Add(hash, 'F', options.FrequencyPenalty);
            Add(hash, 'R', options.PresencePenalty);
            Add(hash, 'S', options.Seed);
            Add(hash, 'm', options.ModelId);
            Add(hash, 'A', options.AllowMultipleToolCalls);
            Add(hash, 'B', options.AllowBackgroundResponses);
            foreach (var stop in options.StopSequences ?? [])
            {
                Add(hash, 's', stop);
            }
        }

        key = "t1:" + Convert.ToHexStringLower(hash.GetCurrentHash());
        return true;
    }

    private static bool TryAddValue(XxHash128 hash, object? value)
    {
        switch (value)
        {
            case string text:
                Add(hash, 'v', text);
                return true;
            case bool flag:
                Add(hash, 'b', flag);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A tag, then the value's length (−1 for null) and its UTF-16 code units: no two field sequences encode alike.</summary>
    private static void Add(XxHash128 hash, char tag, string? value)
    {
        Span<byte> header = stackalloc byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag);
        BinaryPrimitives.WriteInt32LittleEndian(header[2..], value?.Length ?? -1);
        hash.Append(header);
        if (value is not null)
        {
            hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
        }
    }

    private static void Add<T>(XxHash128 hash, char tag, T? value)
        where T : struct, IFormattable =>
        Add(hash, tag, value?.ToString(null, CultureInfo.InvariantCulture));

    private static void Add(XxHash128 hash, char tag, bool? value) => Add(hash, tag, value is null ? null : value.Value ? "1" : "0");
}
