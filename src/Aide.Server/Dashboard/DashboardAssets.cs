using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Dashboard;

/// <summary>
/// The page's files, embedded in the assembly (no CDN, works offline), served with an ETag and a strict
/// Content-Security-Policy: scripts, styles and fetches only from this server, no inline script, no framing.
/// </summary>
internal static class DashboardAssets
{
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<FrozenDictionary<string, Asset>> Files = new(Load);

    public static async Task ServeAsync(HttpContext context, string name)
    {
        if (!Files.Value.TryGetValue(name, out var asset))
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, $"The dashboard has no file '{name}'.");
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache"; // revalidated by ETag: a new aide version is picked up at once
        headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
        }
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        const string Prefix = "dashboard/";
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[Prefix.Length..];
            files[name] = new Asset(bytes, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
