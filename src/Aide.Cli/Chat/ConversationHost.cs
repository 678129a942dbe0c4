using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Providers.Local;
using Aide.Cli.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Cli.Chat;

/// <summary>Opens the conversation store in the data folder and the conversation a command was asked to use.</summary>
internal static class ConversationHost
{
    /// <summary>Opens the store, or returns <see langword="null"/> when history is off and no conversation was asked for.</summary>
    public static IConversationStore? OpenStore(CliConsole console, AideSettings settings, ILoggerFactory loggerFactory, SessionChoice? choice = null)
    {
        if (!settings.History)
        {
            return choice is { Name: not null } or { ContinueMostRecent: true }
                ? throw new UsageException("Saving conversations is off (history=false), so --session and --continue have nothing to resume. Turn it on with: aide config set history true")
                : null;
        }

        try
        {
            return OpenStore(console, loggerFactory);
        }
        catch (Exception ex) when (choice is not ({ Name: not null } or { ContinueMostRecent: true })
            && (ex is IOException or UnauthorizedAccessException || ex is ConversationStoreException { Error: ConversationStoreError.Unavailable }))
        {
            // A one-off question still gets its answer when the data folder cannot be written; only its saving is lost.
            console.WriteWarning($"This conversation will not be saved: {ex.Message}");
            return null;
        }
    }

    /// <summary>
    /// <see cref="OpenStore(CliConsole, AideSettings, ILoggerFactory, SessionChoice?)"/> on the opening thread (<see cref="CliHost.Opener"/>), so the
    /// command's other start-up work hides it; the outcome (store, <see langword="null"/>, or error) is the task's.
    /// Whether history allows <paramref name="choice"/> is checked here, at once.
    /// </summary>
    public static Task<IConversationStore?> StartOpeningStore(CliConsole console, AideSettings settings, SessionChoice choice)
    {
        if (!settings.History)
        {
            return Task.FromResult(OpenStore(console, settings, NullLoggerFactory.Instance, choice));
        }

        var logs = new StderrLoggerFactory(console);
        return CliHost.Opener.Start(() => OpenStore(console, settings, logs, choice));
    }

    /// <summary>
    /// Deletes a conversation this command started under a generated name when it has no message after all (its only
    /// turn failed and was taken back, or a chat ended before any answer), so failed one-off questions leave no empty
    /// entries in <c>aide history list</c>. A named conversation stays: the user chose the name, and another process
    /// may be using it. Best effort: an empty conversation left behind is only clutter.
    /// </summary>
    public static async Task DiscardIfEmptyAsync(IConversationStore store, ConversationSession? session, SessionChoice choice)
    {
        // A conversation still waiting for its first message (empty id) was never saved: nothing to delete.
        if (session is { IsNew: true, Conversation: { MessageCount: 0, Id.Length: > 0 } } && choice is { Name: null, ContinueMostRecent: false })
        {
            try
            {
                await store.DeleteAsync(session.Conversation.Name, CancellationToken.None);
            }
            catch (ConversationStoreException)
            {
            }
        }
    }

    /// <summary>
    /// Opens the store regardless of the history setting (for <c>aide history</c> and <c>aide context</c>). While damaged
    /// copies of it wait beside it (set aside, or a kept log), every run says so, until <c>aide history doctor --repair</c>.
    /// </summary>
    public static SqliteConversationStore OpenStore(CliConsole console, ILoggerFactory loggerFactory)
    {
        var path = SqliteConversationStore.DefaultPath(AidePaths.Resolve(console.Environment).DataDirectory);
        var store = SqliteConversationStore.Open(path, logger: loggerFactory.CreateLogger("Aide.Conversations"));
        if (store.SetAsideFile is null && store.DamagedLogCopy is null && StoreDamage.FindKept(path) is { Count: > 0 } kept)
        {
            // This run's own findings were just logged; older ones are repeated until they are dealt with.
            console.WriteWarning($"Damaged copies of your saved conversations are set aside and out of use: {string.Join(", ", kept)}. Run aide history doctor to see what they hold; aide history doctor --repair brings it back.");
        }

        return store;
    }

    /// <summary>
    /// The context a local model runs with unless <c>contextTokens</c> says otherwise: its trained length capped at
    /// this. The window assumes the cap without reading the model file (a model trained for less is refitted after
    /// its first refusal, see <see cref="ConversationSession.RefitTurnAsync"/>).
    /// </summary>
    private static readonly int LocalContextTokens = new LocalModelOptions().MaxDefaultContextSize;

    /// <summary>
    /// Opens the conversation <paramref name="choice"/> names (created if new), the most recent one, or a new one: named
    /// after <paramref name="question"/> when given (<c>aide ask</c>), so <c>aide history list</c> reads as a list of topics.
    /// </summary>
    public static async Task<ConversationSession> OpenSessionAsync(
        IConversationStore store, SessionChoice choice, AideSettings settings, ProviderSettings provider, ChatRuntime runtime, CancellationToken cancellationToken, string? question = null)
    {
        var options = SessionOptions(settings, provider.Model, runtime, provider.Kind);
        if (choice is { Name: null, ContinueMostRecent: false })
        {
            // A generated name is new: no lookup, and the conversation is saved with its first message.
            var now = TimeProvider.System.GetUtcNow();
            return ConversationSession.StartNew(store, string.IsNullOrWhiteSpace(question) ? ConversationName.Generate(now) : ConversationName.FromQuestion(question, now), options);
        }

        var name = choice.ContinueMostRecent
            ? (await store.FindMostRecentAsync(cancellationToken))?.Name
              ?? throw new UsageException("There is no conversation to continue yet: ask something first, or name one with --session NAME.")
            : choice.Name!;
        return await ConversationSession.OpenAsync(store, name, options, cancellationToken);
    }

    public static ConversationSessionOptions SessionOptions(AideSettings settings, string? model, ChatRuntime? runtime, ProviderKind? kind = null) => new()
    {
        Model = model,
        TokenCounter = runtime?.TokenCounterFor(model),
        Window = WindowOptions(settings, model, kind),
        EventBus = runtime?.Bus,
        Logger = runtime?.LoggerFactory.CreateLogger("Aide.Conversations"),

        // A question that fails leaves no conversation, and `aide ask` writes the new one in its question's transaction.
        CreateWithFirstMessage = true,
    };

    /// <summary>
    /// The window: <c>contextTokens</c> (else the model family's; a local or Ollama model's is the context it is run
    /// with, not what it was trained for), less <c>replyTokens</c> (else <c>maxOutputTokens</c>, else 1024, at most a quarter).
    /// </summary>
    public static ContextWindowOptions WindowOptions(AideSettings settings, string? model, ProviderKind? kind = null)
    {
        var context = settings.ContextTokens ?? kind switch
        {
            ProviderKind.Local => LocalContextTokens,
            ProviderKind.Ollama => AideDefaults.OllamaContextTokens,
            _ => TokenCounters.DefaultContextTokens(model),
        };
        var reply = settings.ReplyTokens ?? settings.MaxOutputTokens ?? Math.Min(1024, context / 4);
        if (reply >= context)
        {
            throw new AideConfigurationException($"replyTokens ({reply:N0}) must be smaller than contextTokens ({context:N0}); the window would have no room for the conversation.");
        }

        return new ContextWindowOptions { ContextTokens = context, ReplyTokens = reply, Summarize = settings.Summarize };
    }
}
