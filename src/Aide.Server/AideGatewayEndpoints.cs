using Aide.Server.OpenAI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Aide.Server;

/// <summary>Maps the gateway's endpoints: OpenAI's chat completions and models, and a liveness probe.</summary>
public static class AideGatewayEndpoints
{
    /// <summary>
    /// Maps <c>POST /v1/chat/completions</c>, <c>POST /v1/embeddings</c>, <c>GET /v1/models</c>, <c>GET /v1/models/{id}</c>, <c>GET /healthz</c> (alive), <c>GET /readyz</c> (the health monitor's snapshot), <c>GET /metrics</c> (Prometheus text),
    /// the dashboard (<c>GET /</c>, <c>/api/*</c>) when the gateway has one, and a fallback answering any other path with a 404 in OpenAI's error shape. Needs the services <see cref="AddAideGateway"/> adds.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapAideGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/v1/chat/completions", Guarded(context => ChatCompletionsEndpoint.HandleAsync(context, Gateway(context))));
        endpoints.MapPost("/v1/embeddings", Guarded(context => EmbeddingsEndpoint.HandleAsync(context, Gateway(context))));
        endpoints.MapGet("/v1/models", Guarded(context => ModelsEndpoint.ListAsync(context, Gateway(context))));
        endpoints.MapGet("/v1/models/{**id}", Guarded(context => ModelsEndpoint.GetAsync(context, Gateway(context), (string)context.Request.RouteValues["id"]!)));
        endpoints.MapFallback("/v1/{**rest}", Guarded(context => OpenAIErrors.WriteAsync(
            context, StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} here: Aide serves /v1/chat/completions, /v1/embeddings and /v1/models.", "invalid_request_error", null, "not_found")));
        endpoints.MapGet("/healthz", context => context.Response.WriteAsync("ok", context.RequestAborted));
        endpoints.MapGet("/readyz", Guarded(context => HealthEndpoints.ReadyAsync(context, Gateway(context)), keyed: false));
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        if (endpoints.ServiceProvider.GetRequiredService<AideGateway>().Dashboard is not null)
        {
            Dashboard.DashboardEndpoints.Map(endpoints);
        }

        endpoints.MapFallback(context => OpenAIErrors.WriteAsync(
            context, StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} here: Aide serves /v1/chat/completions, /v1/embeddings and /v1/models.", "invalid_request_error", null, "not_found"));
        return endpoints;
    }

    /// <summary>
    /// Adds the gateway and its metrics: the <c>Aide</c> meter, ASP.NET Core's request and connection meters and the runtime's
    /// (<c>System.Runtime</c>: GC heap, working set, thread pool), exported in Prometheus text format by OpenTelemetry's exporter.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="gateway">The gateway.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAideGateway(this IServiceCollection services, AideGateway gateway)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(gateway);
        services.AddSingleton(gateway);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Diagnostics.AideDiagnostics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing", "System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Any failure before the answer started becomes an OpenAI-shaped error, never an empty 500 or a stack trace.</summary>
    private static RequestDelegate Guarded(RequestDelegate handler, bool keyed = true) => async context =>
    {
        try
        {
            // Every /v1 request shows its key first (when keys exist), then counts against the key's limit.
            if (keyed && Gateway(context).Access is { } access && !await access.AdmitAsync(context))
            {
                return;
            }

            await handler(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            var (status, body) = OpenAIErrors.FromException(e, context.Response);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
        }
    };

    private static AideGateway Gateway(HttpContext context) => context.RequestServices.GetRequiredService<AideGateway>();
}
