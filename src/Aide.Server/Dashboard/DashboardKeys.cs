using Aide.Server.Access;
using Aide.Server.Dashboard.Wire;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Dashboard;

/// <summary>
/// <c>GET /api/keys</c> (names and limits) and <c>POST /api/keys/{name}/revoke</c>: as <c>aide keys revoke</c>, taking
/// effect at once. Revoking the key the page itself uses is allowed (the page then asks for another).
/// </summary>
internal static class DashboardKeys
{
    public static Task ListAsync(HttpContext context, AideGateway gateway)
    {
        var keys = gateway.Keys?.List() ?? [];
        var panel = new KeysPanel(
            gateway.Keys is not null,
            AccessControl.CallerOf(context)?.Name,
            [.. keys.OrderBy(k => k.Name, StringComparer.Ordinal).Select(k => new KeyRow(k.Name, k.RequestsPerMinute, k.TokensPerMinute, k.Created))]);
        return DashboardPanels.WriteAsync(context, panel, DashboardJsonContext.Default.KeysPanel);
    }

    public static Task RevokeAsync(HttpContext context, AideGateway gateway, string name)
    {
        if (gateway.Keys is not { } keys || !keys.Revoke(name))
        {
            return DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, $"There is no access key named '{name}'.");
        }

        return DashboardPanels.WriteAsync(context, new RemovalCount(1, null), DashboardJsonContext.Default.RemovalCount);
    }
}
