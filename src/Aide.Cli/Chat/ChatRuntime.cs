using Aide.Chat;
using Aide.Configuration;
using Aide.Events;
using Aide.Events.Journal;
using Microsoft.Extensions.AI;
using Aide.Cli.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aide.Cli.Chat;

/// <summary>
/// What a chatting command owns for its lifetime: the event bus, the journal writing it to the data folder, and
/// the services the pipeline reads. Disposing drains the bus, so every event of the run reaches the journal.
/// </summary>
internal sealed class ChatRuntime : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly EventJournal? _journal;
    private readonly ILoggerFactory _loggerFactory;

    public ChatRuntime(CliConsole console, AideSettings settings)
    {
        Settings = settings;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new StderrLoggerProvider(console)));
        Bus = AideEventBus.Create(loggerFactory: _loggerFactory);
        if (settings.Journal)
        {
            _journal = EventJournal.Attach(Bus, JournalDirectory(console), loggerFactory: _loggerFactory);
        }

        _services = new ServiceCollection().AddSingleton(Bus).AddSingleton(TimeProvider.System).BuildServiceProvider();
    }

    public AideSettings Settings { get; }

    public IEventBus Bus { get; }

    public static string JournalDirectory(CliConsole console) => Path.Combine(AidePaths.Resolve(console.Environment).DataDirectory, "events");

    public IChatClient CreateClient(ProviderSettings provider) => AideChatClientFactory.Create(provider, Settings, _services);

    public async ValueTask DisposeAsync()
    {
        await Bus.DisposeAsync();
        _journal?.Dispose();
        await _services.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
