namespace Aide.Server.Dashboard.Wire;

/// <summary>
/// <c>GET /api/usage</c>: requests and tokens per hour (last 48) and per day (last 30), per provider, model and key;
/// and what each day cost per model and key (<c>aide usage</c> reports the whole stored history).
/// </summary>
internal sealed record UsagePanel(IReadOnlyList<UsageRow> Hours, IReadOnlyList<UsageRow> Days, IReadOnlyList<CostRow> Costs);
