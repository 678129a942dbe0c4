namespace Aide.Server.Dashboard;

/// <summary>The latest benchmark results for the dashboard.</summary>
/// <param name="ReportJson">The report as <c>aide bench --json</c> prints it.</param>
/// <param name="ChartsHtml">Its charts as an HTML fragment of inline SVG, every text in it escaped.</param>
public sealed record DashboardBench(string ReportJson, string ChartsHtml);
