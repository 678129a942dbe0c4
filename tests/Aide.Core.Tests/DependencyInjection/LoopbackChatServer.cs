using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aide.Core.Tests.DependencyInjection;

/// <summary>A loopback OpenAI-compatible endpoint that streams one fixed answer, counting the chat requests it gets (anything else is 404).</summary>
internal sealed class LoopbackChatServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _requests;

    public LoopbackChatServer(string answer)
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = Task.Run(() => ServeAsync(answer));
    }

    public string BaseUrl { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Close();
        _ = _serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task ServeAsync(string answer)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            if (context.Request.Url?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
            {
                context.Response.StatusCode = 404; // the health probe's model list: not needed here
                context.Response.Close();
                continue;
            }

            Interlocked.Increment(ref _requests);
            var chunk = $$"""{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"{{answer}}"},"finish_reason":null}]}""";
            var last = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""";
            var body = Encoding.UTF8.GetBytes($"data: {chunk}\n\ndata: {last}\n\ndata: [DONE]\n\n");
            context.Response.ContentType = "text/event-stream";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
