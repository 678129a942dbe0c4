using System.Runtime.CompilerServices;
using Aide.Chat;
using Aide.Configuration;
using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Resilience;

/// <summary>
/// Sends each request to the first provider of an ordered list that answers. A provider that fails (after its own
/// retries) or whose circuit is open hands the request to the next one, published as <see cref="ProviderFailover"/>.
/// Every request starts again at the top, so when the first provider's breaker lets a probe through and it answers,
/// it takes over again. Streams fail over only before their first chunk. The answering provider is stamped on the
/// response (<see cref="ProviderStamp.PropertyName"/>).
/// </summary>
/// <remarks>
/// Routes are built lazily, so <see cref="GetService"/> answers metadata about the first provider without connecting.
/// Not M.E.AI's <c>OrderedFailoverChatClient</c>: in 10.11 it is experimental (MEAI001), builds every client up front
/// and fails over on any error, including a request every provider would refuse (400/413/422).
/// </remarks>
internal sealed class ProviderFailoverChatClient(IReadOnlyList<ProviderRoute> routes, ProviderRoster roster, ChatClientMetadata metadata, IEventBus? bus, TimeProvider timeProvider) : IChatClient
{
    private const string Source = "failover";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        List<Exception>? failures = null;
        for (var i = 0; i < routes.Count; i++)
        {
            try
            {
                var response = await routes[i].Client.GetResponseAsync(list, options, cancellationToken);
                (response.AdditionalProperties ??= [])[ProviderStamp.PropertyName] = routes[i].Name;
                return response;
            }
            catch (Exception ex) when (CanFailOver(ex, cancellationToken))
            {
                Failed(i, ex, ref failures);
            }
        }

        throw AllFailed(failures!);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        List<Exception>? failures = null;
        for (var i = 0; i < routes.Count; i++)
        {
            IAsyncEnumerator<ChatResponseUpdate> updates;
            bool hasFirst;
            try
            {
                var client = routes[i].Client;
                (updates, hasFirst) = await FirstChunk.OpenAsync(ct => client.GetStreamingResponseAsync(list, options, ct), cancellationToken);
            }
            catch (Exception ex) when (CanFailOver(ex, cancellationToken))
            {
                Failed(i, ex, ref failures);
                continue;
            }

            if (hasFirst)
            {
                (updates.Current.AdditionalProperties ??= [])[ProviderStamp.PropertyName] = routes[i].Name;
            }

            await foreach (var update in FirstChunk.RestAsync(updates, hasFirst))
            {
                yield return update;
            }

            yield break;
        }

        throw AllFailed(failures!);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? metadata
        : serviceType == typeof(ProviderRoster) ? roster
        : null;

    public void Dispose()
    {
        foreach (var route in routes)
        {
            route.Dispose();
        }
    }

    /// <summary>
    /// Whether another provider might do better. Not for cancellation by the caller, and not for a request the
    /// provider judged invalid (400/413/422): the next provider would refuse it too.
    /// </summary>
    private static bool CanFailOver(Exception error, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && error is AideChatException { Kind: not ChatErrorKind.BadRequest } or AideConfigurationException;

    private void Failed(int index, Exception error, ref List<Exception>? failures)
    {
        (failures ??= []).Add(error);
        if (index + 1 < routes.Count)
        {
            var reason = error is AideChatException chat ? $"{chat.Kind}: {chat.Message}" : error.Message;
            bus?.Publish(new ProviderFailover(routes[index].Name, routes[index + 1].Name, reason)
            {
                Timestamp = timeProvider.GetUtcNow(),
                Source = Source,
                Severity = EventSeverity.Warning,
            });
        }
    }

    /// <summary>
    /// One provider: its own error, unchanged. Several: one error naming what each said, with the kind and status of
    /// the last real failure (a provider the breaker skipped was not asked, so its refusal says less than an answer).
    /// </summary>
    private static Exception AllFailed(List<Exception> failures)
    {
        if (failures.Count == 1)
        {
            return failures[0];
        }

        var last = failures.OfType<AideChatException>().LastOrDefault(f => f.Kind != ChatErrorKind.CircuitOpen) ?? failures[^1] as AideChatException;
        var detail = string.Join(" ", failures.Select((f, i) => $"({i + 1}) {f.Message}"));
        return new AideChatException($"All {failures.Count} providers failed. {detail}", failures[^1])
        {
            Kind = last?.Kind ?? ChatErrorKind.Unreachable,
            Provider = last?.Provider,
            StatusCode = last?.StatusCode,
        };
    }
}
