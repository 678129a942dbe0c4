using System.Runtime.CompilerServices;
using Aide.Chat;
using Microsoft.Extensions.AI;

namespace Aide.Resilience;

/// <summary>
/// Puts a provider behind its <see cref="ProviderCircuit"/>. It sits outside the retries: an open circuit refuses a new
/// request at once (so failover moves on), but never cuts short the retries of a request it let through, and the
/// breaker counts each request's outcome after its retries.
/// </summary>
internal sealed class CircuitBreakingChatClient(IChatClient innerClient, ProviderCircuit circuit) : DelegatingChatClient(innerClient)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        circuit.ExecuteAsync(ct => new ValueTask<ChatResponse>(base.GetResponseAsync(messages, options, ct)), cancellationToken).AsTask();

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (updates, hasFirst) = await circuit.OpenStreamAsync(ct => base.GetStreamingResponseAsync(messages, options, ct), cancellationToken);
        await foreach (var update in FirstChunk.RestAsync(updates, hasFirst))
        {
            yield return update;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ProviderCircuit) ? circuit : base.GetService(serviceType, serviceKey);
}
