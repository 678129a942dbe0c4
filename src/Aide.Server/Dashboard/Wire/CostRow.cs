namespace Aide.Server.Dashboard.Wire;

/// <summary>One day's spending on a model by a key (or the owner), from the <c>UsageRecorded</c> events; <see cref="Currency"/> is <see langword="null"/> for unpriced answers.</summary>
internal sealed record CostRow(DateTimeOffset Day, string? Model, string? Key, string? Currency, long Requests, double Cost, double Saved);
