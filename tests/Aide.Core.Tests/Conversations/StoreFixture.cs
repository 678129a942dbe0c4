using Aide.Conversations;
using Aide.Conversations.Store;
using Aide.Conversations.Window;
using Aide.Events;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Conversations;

/// <summary>A store in a private temporary folder, a fake clock and a bus that records context events.</summary>
public sealed class StoreFixture : IAsyncDisposable
{
    private readonly List<AideEvent> _events = [];
    private readonly IDisposable _subscription;

    public StoreFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aide-store-").FullName;
        Store = SqliteConversationStore.Open(DatabasePath, timeProvider: Time);
        _subscription = Bus.Subscribe<AideEvent>(e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        });
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "data", "conversations.db");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    public IEventBus Bus { get; } = AideEventBus.Create();

    public SqliteConversationStore Store { get; }

    public IReadOnlyList<AideEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public ConversationSessionOptions Options(int contextTokens = 8192, int replyTokens = 1024, bool summarize = false) => new()
    {
        Model = "gpt-4o",
        Window = new ContextWindowOptions { ContextTokens = contextTokens, ReplyTokens = replyTokens, Summarize = summarize },
        EventBus = Bus,
        TimeProvider = Time,
    };

    public Task<ConversationSession> OpenAsync(string name, ConversationSessionOptions? options = null) =>
        ConversationSession.OpenAsync(Store, name, options ?? Options(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        await Bus.DisposeAsync();
        await Store.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
