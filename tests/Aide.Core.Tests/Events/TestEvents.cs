using Aide.Events;

namespace Aide.Core.Tests.Events;

/// <summary>Ready-made events for bus tests.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static CacheHit Hit(int n = 0) => new("responses", $"hash-{n}", CacheTier.Memory, TimeSpan.FromTicks(n)) { Timestamp = Now, Source = "cache" };

    public static CacheMiss Miss() => new("responses", "hash-miss", TimeSpan.Zero) { Timestamp = Now, Source = "cache" };

    public static ContextCleared Cleared() => new(3, 1) { Timestamp = Now, Source = "context", SessionId = "s1" };

    public static ChatRequestStarted Started() => new("openai=http://x/v1", "m", 1, true) { Timestamp = Now, Source = "chat" };
}
