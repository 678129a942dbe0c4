using System.Runtime.CompilerServices;
using Aide.Chat;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Bench;

/// <summary>
/// The local loopback model of <c>aide bench</c>: answers at once from memory (or fails on request), so what a
/// check measures around it is Aide's own cost and never model time.
/// </summary>
internal sealed class LoopbackChatClient : IChatClient
{
    private static readonly ChatResponseUpdate[] Updates =
    [
        new(ChatRole.Assistant, "Hello"),
        new(ChatRole.Assistant, " from the"),
        new(ChatRole.Assistant, " loopback model."),
    ];

    /// <summary>Gets or sets whether calls fail as a server error would (for failover and breaker events).</summary>
    public bool Failing { get; set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello from the loopback model.")) { ModelId = options?.ModelId });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        foreach (var update in Updates)
        {
            await Task.CompletedTask;
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new AideChatException("the loopback model is set to fail") { Kind = ChatErrorKind.ServerError };
        }
    }
}
