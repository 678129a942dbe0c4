using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aide.Cli.Bench;

/// <summary>
/// An OpenAI-compatible endpoint on 127.0.0.1 that answers every chat request at once with the same three-chunk
/// stream (or the same JSON answer), so a turn against it costs the network round trip and nothing for the model.
/// Built on <see cref="HttpListener"/>: it starts in a few milliseconds, which the start-up checks measure around (the gateway check uses Kestrel, <see cref="Gateway.BenchUpstream"/>).
/// </summary>
internal sealed class LoopbackModelServer : IAsyncDisposable
{
    internal static readonly byte[] Stream = Encoding.UTF8.GetBytes(
        Chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", "null") +
        Chunk("{\"content\":\" from the\"}", "null") +
        Chunk("{\"content\":\" loopback model.\"}", "null") +
        Chunk("{}", "\"stop\"") +
        "data: {\"id\":\"chatcmpl-loopback\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"loopback\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n" +
        "data: [DONE]\n\n");

    internal static readonly byte[] Json = Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-loopback\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"loopback\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the loopback model.\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}");

    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    private LoopbackModelServer(int port)
    {
        BaseAddress = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    /// <summary>Gets the address to give a provider, e.g. <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public string BaseAddress { get; }

    /// <summary>Starts on a free loopback port.</summary>
    public static LoopbackModelServer Start() => new(FreePort());

    /// <summary>A loopback port free at the moment of asking (the system picks it).</summary>
    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }

    private static string Chunk(string delta, string finish) =>
        $"data: {{\"id\":\"chatcmpl-loopback\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"loopback\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finish}}}]}}\n\n";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private static async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var streaming = body.Contains("\"stream\":true", StringComparison.Ordinal);
            var response = context.Response;
            response.ContentType = streaming ? "text/event-stream" : "application/json";
            var bytes = streaming ? Stream : Json;
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; nothing to answer.
        }
    }
}
