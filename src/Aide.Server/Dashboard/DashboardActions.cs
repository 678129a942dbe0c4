using Aide.Server.Dashboard.Wire;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Dashboard;

/// <summary>
/// The dashboard's actions that change state (<c>POST /api/cache/invalidate</c>, <c>POST /api/cache/clear</c>): only as
/// a JSON POST from the dashboard's own origin (a form or a script on another site cannot send one without a CORS
/// preflight, which this server never answers), and with the key when keys are in use.
/// </summary>
internal static class DashboardActions
{
    private const int MaxBody = 4096;

    /// <summary>Whether the request comes from this server's own page; when not, the refusal has been written.</summary>
    public static async Task<bool> FromOwnOriginAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var own = $"{request.Scheme}://{request.Host}";
        if ((origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)) || (site.Length > 0 && site is not ("same-origin" or "none")))
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status403Forbidden, "Refused: actions are accepted only from the dashboard's own page.");
            return false;
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the action as JSON (Content-Type: application/json).");
            return false;
        }

        return true;
    }

    public static async Task InvalidateAsync(HttpContext context, AideDashboard dashboard)
    {
        if (dashboard.Cache is not { } cache)
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, "This server keeps no response cache.");
            return;
        }

        var body = await RequestBody.ReadJsonAsync(context, MaxBody, DashboardJsonContext.Default.InvalidateRequest, "cache invalidation", "\"tag\" or \"prefix\"", limitSource: null);
        if (body is null)
        {
            return; // too large (413), not JSON of that shape or empty (400): the error has been written
        }

        var (tag, prefix) = (body.Tag?.Trim(), body.Prefix?.Trim());
        if (string.IsNullOrEmpty(tag) == string.IsNullOrEmpty(prefix))
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status400BadRequest, "Give either a tag or a key prefix (not both, not neither).");
            return;
        }

        var removed = string.IsNullOrEmpty(tag) ? cache.InvalidatePrefix(prefix!) : cache.InvalidateTag(tag);
        await DashboardPanels.WriteAsync(context, new RemovalCount(removed, null), DashboardJsonContext.Default.RemovalCount);
    }

    public static async Task ClearAsync(HttpContext context, AideDashboard dashboard)
    {
        if (dashboard.Cache is not { } cache)
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, "This server keeps no response cache.");
            return;
        }

        var (count, bytes) = cache.Clear();
        await DashboardPanels.WriteAsync(context, new RemovalCount(count, bytes), DashboardJsonContext.Default.RemovalCount);
    }
}
