using System.Net;
using System.Net.Sockets;

namespace Aide.Cli.Tests.Support;

/// <summary>Loopback ports where nothing listens: connecting is refused at once, and a server started by a test may take one.</summary>
public static class ClosedPort
{
    public static string OpenAIAddress() => $"http://127.0.0.1:{Number()}/v1";

    /// <summary>A port the system just handed out and took back.</summary>
    public static int Number()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
