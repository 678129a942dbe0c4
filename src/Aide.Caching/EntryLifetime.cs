namespace Aide.Caching;

/// <summary>When an entry was created and when it stops being served. Times are UTC ticks, for cheap comparisons on the hit path.</summary>
/// <param name="CreatedTicks">When it was stored.</param>
/// <param name="AbsoluteTicks">When it expires regardless of use, or 0 for never.</param>
/// <param name="SlidingTicks">How long it lives after its last use, or 0 for no sliding expiry.</param>
/// <param name="LastAccessTicks">When it was last read (or stored).</param>
internal readonly record struct EntryLifetime(long CreatedTicks, long AbsoluteTicks, long SlidingTicks, long LastAccessTicks)
{
    /// <summary>Gets when the entry expires as of its last access, or <see cref="long.MaxValue"/> for never.</summary>
    public long ExpiresTicks
    {
        get
        {
            var sliding = SlidingTicks > 0 ? LastAccessTicks + SlidingTicks : long.MaxValue;
            var absolute = AbsoluteTicks > 0 ? AbsoluteTicks : long.MaxValue;
            return Math.Min(sliding, absolute);
        }
    }

    public bool IsExpired(long nowTicks) => nowTicks >= ExpiresTicks;

    public EntryLifetime Touched(long nowTicks) => this with { LastAccessTicks = nowTicks };
}
