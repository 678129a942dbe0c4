namespace Aide.Cli.Tests.Support;

/// <summary>Waits for work handed to the thread pool to reach a state: sequencing only (the 10 s bound is a hang guard, not a timing assertion).</summary>
internal static class Eventually
{
    public static async Task WaitUntil(Func<bool> condition)
    {
        var guard = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < guard, "the condition was not reached");
            await Task.Delay(1, TestContext.Current.CancellationToken);
        }
    }
}
