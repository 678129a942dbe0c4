using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aide.Server.Dashboard;

/// <summary>
/// Maps the dashboard: <c>GET /</c> and its files under <c>/dashboard/</c> (open: the page asks for a key when the
/// server needs one), and the panels' <c>/api/*</c> endpoints, which need the key whenever the API does (checked, not
/// counted against the key's limits) and answer JSON errors.
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        string[] read = [HttpMethods.Get, HttpMethods.Head]; // HEAD: what a link checker or curl -I asks
        endpoints.MapMethods("/", read, context => DashboardAssets.ServeAsync(context, "index.html"));
        endpoints.MapMethods("/favicon.ico", read, context => DashboardAssets.ServeAsync(context, "favicon.svg"));
        endpoints.MapMethods("/dashboard/{name}", read, context => DashboardAssets.ServeAsync(context, (string)context.Request.RouteValues["name"]!));
        endpoints.MapGet("/api/health", Api((context, dashboard) => DashboardPanels.HealthAsync(context, dashboard)));
        endpoints.MapGet("/api/providers", Api((context, dashboard) => DashboardPanels.ProvidersAsync(context, dashboard, Gateway(context))));
        endpoints.MapGet("/api/events", Api(DashboardEvents.ListAsync));
        endpoints.MapGet("/api/events/stream", Api(DashboardEvents.StreamAsync));
        endpoints.MapGet("/api/cache", Api(DashboardPanels.CacheAsync));
        endpoints.MapPost("/api/cache/invalidate", Api(DashboardActions.InvalidateAsync, action: true));
        endpoints.MapPost("/api/cache/clear", Api(DashboardActions.ClearAsync, action: true));
        endpoints.MapGet("/api/conversations", Api(DashboardConversations.ListAsync));
        endpoints.MapGet("/api/conversations/{name}", Api((context, dashboard) => DashboardConversations.GetAsync(context, dashboard, (string)context.Request.RouteValues["name"]!)));
        endpoints.MapGet("/api/usage", Api(DashboardPanels.UsageAsync));
        endpoints.MapGet("/api/bench", Api(DashboardPanels.BenchAsync));
        endpoints.MapGet("/api/keys", Api((context, _) => DashboardKeys.ListAsync(context, Gateway(context))));
        endpoints.MapPost("/api/keys/{name}/revoke", Api((context, _) => DashboardKeys.RevokeAsync(context, Gateway(context), (string)context.Request.RouteValues["name"]!), action: true));
        endpoints.MapFallback("/api/{**rest}", Api((context, _) => DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} here.")));
    }

    private static RequestDelegate Api(Func<HttpContext, AideDashboard, Task> handler, bool action = false) => async context =>
    {
        var gateway = Gateway(context);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        try
        {
            if ((gateway.Access is { } access && !await access.AdmitAsync(context, limited: false)) || (action && !await DashboardActions.FromOwnOriginAsync(context)))
            {
                return;
            }

            await handler(context, gateway.Dashboard!);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status500InternalServerError, $"The dashboard could not answer: {e.Message}");
        }
    };

    private static AideGateway Gateway(HttpContext context) => context.RequestServices.GetRequiredService<AideGateway>();
}
