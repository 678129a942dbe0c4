namespace Aide.Testing;

/// <summary>Waits for work handed to the thread pool to reach a state: sequencing only (the 10 s bound is a hang guard, not a timing assertion).</summary>
public static class Eventually
{
    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> if it does not within the guard.</summary>
    /// <param name="condition">The state waited for.</param>
    /// <returns>A task that completes when the condition holds.</returns>
    public static async Task WaitUntil(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var guard = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            if (Environment.TickCount64 >= guard)
            {
                throw new TimeoutException("the condition was not reached");
            }

            await Task.Delay(1);
        }
    }
}
