namespace Aide.Server.Dashboard.Wire;

internal sealed record HitRatioPoint(DateTimeOffset Minute, long Hits, long Misses);
