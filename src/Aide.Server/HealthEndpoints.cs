using System.Text.Json;
using Aide.Health;
using Aide.Server.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Aide.Server;

/// <summary><c>GET /readyz</c>: 200 while the monitor says healthy or degraded, 503 when unhealthy or worse, with the snapshot as JSON.</summary>
internal static class HealthEndpoints
{
    public static async Task ReadyAsync(HttpContext context, AideGateway gateway)
    {
        if (gateway.Health is not { } monitor)
        {
            await context.Response.WriteAsync("ready", context.RequestAborted);
            return;
        }

        var snapshot = monitor.Snapshot();
        var report = new ReadyReport
        {
            Level = Name(snapshot.Level),
            Score = Math.Round(snapshot.Score, 1),
            Components = [.. snapshot.Components.Select(c => new ReadyComponent
            {
                Name = c.Name,
                Level = Name(c.Level),
                Description = c.Description,
                CheckedAt = c.CheckedAt,
                Metrics = new Dictionary<string, double>(c.Metrics),
            })],
        };
        context.Response.StatusCode = snapshot.Level >= HealthLevel.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(report, OpenAIJsonContext.Default.ReadyReport), context.RequestAborted);
    }

    /// <summary>A level as the JSON endpoints write it (<c>/readyz</c>, the dashboard).</summary>
    public static string Name(HealthLevel level) => level switch
    {
        HealthLevel.Healthy => "healthy",
        HealthLevel.Degraded => "degraded",
        HealthLevel.Unhealthy => "unhealthy",
        HealthLevel.Critical => "critical",
        _ => "down",
    };
}
