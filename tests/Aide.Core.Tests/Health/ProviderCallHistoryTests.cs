using Aide.Events;
using Aide.Health;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Health;

/// <summary>The providers' recent chat outcomes that health checks read.</summary>
public sealed class ProviderCallHistoryTests
{
    [Fact]
    public void A_busy_provider_keeps_only_its_newest_calls_and_old_ones_leave_the_window()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        using var history = new ProviderCallHistory(window: TimeSpan.FromMinutes(10), timeProvider: time);

        history.Add(Enumerable.Range(0, 5_000).Select(i => (AideEvent)Completed(time.GetUtcNow())));
        history.Add([new ChatRequestFailed("openai=x", "m", "ServerError", 500, "boom", TimeSpan.FromMilliseconds(3)) { Timestamp = time.GetUtcNow(), Source = "chat" }]);
        var busy = history.For("openai=x");
        time.Advance(TimeSpan.FromMinutes(11));
        var later = history.For("openai=x");

        Assert.Equal(1_000, busy.Calls);
        Assert.Equal(1, busy.Failed);
        Assert.Equal(0, later.Calls);
    }

    private static ChatResponseCompleted Completed(DateTimeOffset at) =>
        new("openai=x", "m", 7, 3, TimeSpan.FromMilliseconds(2), null, FromCache: false) { Timestamp = at, Source = "chat" };
}
