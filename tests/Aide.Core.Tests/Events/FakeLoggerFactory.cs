using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Aide.Core.Tests.Events;

/// <summary>Every logger it creates writes to one <see cref="FakeLogger"/>.</summary>
internal sealed class FakeLoggerFactory(FakeLogger logger) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
