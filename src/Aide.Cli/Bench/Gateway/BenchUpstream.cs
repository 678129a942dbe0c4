using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aide.Cli.Bench.Gateway;

/// <summary>
/// The gateway check's model: Kestrel on loopback answering every chat request at once with the loopback model's
/// fixed answer (JSON, or its SSE stream when the body asks for one), so what is measured is HTTP and the gateway.
/// </summary>
internal sealed class BenchUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchUpstream(WebApplication app, string baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Gets the address to give a provider, e.g. <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseAddress { get; }

    public static async Task<BenchUpstream> StartAsync(CancellationToken cancellationToken)
    {
        var app = LoopbackBuilder(0).Build();
        app.MapPost("/v1/chat/completions", AnswerAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BenchUpstream(app, address + "/v1");
    }

    /// <summary>A quiet Kestrel (slim builder, as <c>aide serve</c> uses) on 127.0.0.1:<paramref name="port"/> (0: any free port).</summary>
    internal static WebApplicationBuilder LoopbackBuilder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        var streaming = false;
        while (true)
        {
            var read = await context.Request.BodyReader.ReadAsync(context.RequestAborted);
            streaming |= Contains(read.Buffer, "\"stream\":true"u8);
            context.Request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        var bytes = streaming ? LoopbackModelServer.Stream : LoopbackModelServer.Json;
        context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static bool Contains(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> value) =>
        buffer.IsSingleSegment ? buffer.FirstSpan.IndexOf(value) >= 0 : buffer.ToArray().AsSpan().IndexOf(value) >= 0;
}
