using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;

namespace Aide.Cli.Chat;

/// <summary>What <c>aide history</c> and <c>aide context</c> need: settings, the event bus with its journal, and the store.</summary>
internal sealed class StoreScope : IAsyncDisposable
{
    private StoreScope(AideSettings settings, ChatRuntime runtime, SqliteConversationStore store)
    {
        Settings = settings;
        Runtime = runtime;
        Store = store;
    }

    public AideSettings Settings { get; }

    public ChatRuntime Runtime { get; }

    public SqliteConversationStore Store { get; }

    /// <summary>Runs a history or context command with a scope, reporting any failure as one line and an exit code.</summary>
    public static async Task<int> RunAsync(CliConsole console, bool json, Func<StoreScope, Task<int>> action)
    {
        try
        {
            await using var scope = Open(console);
            return await action(scope);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json);
        }
    }

    public static StoreScope Open(CliConsole console)
    {
        var settings = ProviderSelector.LoadSettings(console, new AideSettingsOverrides());
        var runtime = new ChatRuntime(console, settings);
        try
        {
            return new StoreScope(settings, runtime, ConversationHost.OpenStore(console, runtime.LoggerFactory));
        }
        catch
        {
            runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public async Task<ConversationInfo> RequireAsync(string name, CancellationToken cancellationToken) =>
        await Store.FindAsync(ConversationName.Validate(name), cancellationToken)
        ?? throw new ConversationStoreException(ConversationStoreError.NotFound, $"There is no conversation named '{name}'; aide history list shows them.");

    public ConversationSessionOptions SessionOptions(string? model, ProviderKind? kind = null) => ConversationHost.SessionOptions(Settings, model ?? Settings.Model, Runtime, kind);

    /// <summary>The kind of provider that gave the conversation's latest answer (saved with it), so its window is sized as <c>ask</c> sizes it.</summary>
    public async Task<ProviderKind?> LastProviderKindAsync(ConversationInfo conversation, CancellationToken cancellationToken)
    {
        await foreach (var message in Store.ReadNewestFirstAsync(conversation.Id, 0, cancellationToken: cancellationToken))
        {
            if (message.Metadata?.TryGetValue(Turns.TurnMetadata.ProviderKey, out var name) == true)
            {
                return ProviderSpec.TryParseKind(name, out var kind) ? kind : null;
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Runtime.DisposeAsync();
    }
}
