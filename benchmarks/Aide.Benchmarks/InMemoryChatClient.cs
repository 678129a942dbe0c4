using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Aide.Benchmarks;

/// <summary>A provider that answers instantly from memory, so a benchmark measures only what wraps it.</summary>
internal sealed class InMemoryChatClient : IChatClient
{
    private static readonly ChatResponse Response = new(new ChatMessage(ChatRole.Assistant, "Hello from memory."));
    private static readonly ChatResponseUpdate[] Updates =
    [
        new(ChatRole.Assistant, "Hello"),
        new(ChatRole.Assistant, " from"),
        new(ChatRole.Assistant, " memory."),
    ];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Response);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
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
}
