using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.Logging;

namespace Aide.Conversations;

/// <summary>
/// Opens saved conversations with one window, token counter, bus and clock: what a host that runs turns on many
/// conversations (a server) needs; registered by <c>services.AddAide(…)</c> once a store is added.
/// </summary>
public sealed class ConversationSessionFactory
{
    private readonly IConversationStore _store;
    private readonly ConversationSessionOptions _options;

    /// <summary>Creates the factory.</summary>
    /// <param name="store">The store the conversations are saved in.</param>
    /// <param name="window">The context window of every session.</param>
    /// <param name="model">The model the conversations are used with (picks the token counter), if known.</param>
    /// <param name="bus">The bus context events go to, if any.</param>
    /// <param name="timeProvider">The clock (default system).</param>
    /// <param name="loggerFactory">Logging for a failed summary, if any.</param>
    public ConversationSessionFactory(
        IConversationStore store,
        ContextWindowOptions window,
        string? model = null,
        IEventBus? bus = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(window);
        _store = store;
        _options = new ConversationSessionOptions
        {
            Model = model,
            Window = window,
            TokenCounter = TokenCounters.ForModel(model),
            EventBus = bus,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Logger = loggerFactory?.CreateLogger("Aide.Conversations"),
        };
    }

    /// <summary>Gets the store the sessions are opened on.</summary>
    public IConversationStore Store => _store;

    /// <summary>Opens the conversation <paramref name="name"/>, creating it if new (<see cref="ConversationSession.OpenAsync"/>).</summary>
    /// <param name="name">The conversation's name (<see cref="ConversationName"/> rules).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The session; one turn at a time on it.</returns>
    public Task<ConversationSession> OpenAsync(string name, CancellationToken cancellationToken = default) =>
        ConversationSession.OpenAsync(_store, name, _options, cancellationToken);
}
