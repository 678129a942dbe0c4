using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Aide.Server.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Access;

/// <summary>
/// Checks each <c>/v1</c> request against the access keys: with no key stored, anything goes (loopback only, the
/// command enforces that); once a key exists, <c>Authorization: Bearer KEY</c> is required (401 otherwise) until the
/// process ends, even if every key is revoked; and a key with a
/// request limit is held to it over a sliding minute (429 with <c>Retry-After</c>).
/// </summary>
internal sealed class AccessControl(AccessKeyStore keys)
{
    private readonly ConcurrentDictionary<string, (int Limit, RateLimiter Limiter)> _limiters = new(StringComparer.Ordinal);

    // Once keys were required they stay required for the life of the process: revoking the last key must lock the
    // server, not open it (it may be listening beyond loopback).
    private volatile bool _required;

    /// <summary>Whether the request may go on; when not, the error has been written.</summary>
    public async Task<bool> AdmitAsync(HttpContext context)
    {
        if (!_required && keys.Current().Count == 0)
        {
            return true;
        }

        _required = true;
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : string.Empty;
        if (token.Length == 0 || keys.Verify(token) is not { } key)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await OpenAIErrors.WriteAsync(
                context, StatusCodes.Status401Unauthorized, "A valid access key is required: send Authorization: Bearer KEY (aide keys create NAME makes one).", "invalid_request_error", null, "invalid_api_key");
            return false;
        }

        if (key.RequestsPerMinute is not { } limit)
        {
            return true;
        }

        var (_, limiter) = _limiters.AddOrUpdate(
            key.Name,
            _ => (limit, Create(limit)),
            (_, existing) => existing.Limit == limit ? existing : (limit, Create(limit)));
        using var lease = limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return true;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(60.0 / limit);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await OpenAIErrors.WriteAsync(
            context, StatusCodes.Status429TooManyRequests, $"The key '{key.Name}' is limited to {limit} requests a minute; try again after Retry-After seconds.", "rate_limit_error", null, "rate_limit_exceeded");
        return false;
    }

    private static SlidingWindowRateLimiter Create(int perMinute) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
