using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;

namespace Aide.Cli.Bench.Gateway;

/// <summary>
/// The floor a gateway stands on: Kestrel (slim builder, as <c>aide serve</c>) forwarding each chat request's body to
/// the upstream with one <see cref="HttpClient"/> and copying the answer back, nothing else. The gateway check runs it
/// as a child process beside <c>aide serve</c>, so the report can tell what Kestrel and one more HTTP hop cost on this
/// machine from what Aide adds on top (../shared/MEASUREMENTS.md measured the same thing at about 0.10 ms at p50).
/// </summary>
internal static class BarePassthrough
{
    /// <summary>The <c>aide bench --probe</c> value that runs it: <c>passthrough PORT UPSTREAM</c>.</summary>
    public const string ProbeName = "passthrough";

    public static async Task RunAsync(int port, string upstream, CancellationToken cancellationToken)
    {
        await using var app = BenchUpstream.LoopbackBuilder(port).Build();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        var target = new Uri(upstream.TrimEnd('/') + "/chat/completions");
        app.MapPost("/v1/chat/completions", async context =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StreamContent(context.Request.Body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        Console.WriteLine("Aide serves (bare passthrough)");
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await app.StopAsync(CancellationToken.None);
    }
}
