namespace Aide.Server.Dashboard.Wire;

/// <summary>Any refused dashboard request: what went wrong and what to do.</summary>
internal sealed record DashboardError(string Error);
