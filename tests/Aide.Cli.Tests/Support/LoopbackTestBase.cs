namespace Aide.Cli.Tests.Support;

/// <summary>A private <see cref="TestHome"/> and a fresh loopback server per test: what every end-to-end test starts from.</summary>
public abstract class LoopbackTestBase : IAsyncLifetime
{
    protected TestHome Home { get; } = new();

    protected LoopbackOpenAIServer Server { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync() => Server = await LoopbackOpenAIServer.StartAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Home.Dispose();
        GC.SuppressFinalize(this);
    }
}
