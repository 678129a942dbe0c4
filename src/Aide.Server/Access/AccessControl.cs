using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Aide.Server.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Access;

/// <summary>
/// Checks each <c>/v1</c> request against the access keys: with no key stored, anything goes (loopback only, the
/// command enforces that); once a key exists, <c>Authorization: Bearer KEY</c> is required (401 otherwise) until the
/// process ends, even if every key is revoked; and a key with limits is held to them over a sliding minute (429 with
/// <c>Retry-After</c>): requests when admitted, tokens when the answer's usage is known.
/// </summary>
internal sealed class AccessControl(AccessKeyStore keys)
{
    private static readonly object CallerItem = new();
    private readonly ConcurrentDictionary<string, (int Limit, RateLimiter Limiter)> _requestLimiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Limit, RateLimiter Limiter)> _tokenLimiters = new(StringComparer.Ordinal);

    // Once keys were required they stay required for the life of the process: revoking the last key must lock the
    // server, not open it (it may be listening beyond loopback).
    private volatile bool _required;

    /// <summary>The key a request was admitted with, if keys are in use.</summary>
    public static AccessKey? CallerOf(HttpContext context) => context.Items.TryGetValue(CallerItem, out var key) ? key as AccessKey : null;

    /// <summary>Whether the request may go on; when not, the error has been written.</summary>
    /// <param name="context">The request.</param>
    /// <param name="limited">Whether the key's limits apply (the API's requests), or only the key is checked (the dashboard's reads).</param>
    public async Task<bool> AdmitAsync(HttpContext context, bool limited = true)
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

        context.Items[CallerItem] = key;
        if (!limited)
        {
            return true;
        }

        if (key.RequestsPerMinute is { } requests)
        {
            using var lease = LimiterFor(_requestLimiters, key.Name, requests).AttemptAcquire();
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(60.0 / requests);
                await RefuseAsync(context, wait, $"The key '{key.Name}' is limited to {requests} requests a minute; try again after Retry-After seconds.");
                return false;
            }
        }

        // Tokens are known only once answered: a key whose minute is used up is refused; one with any tokens left may
        // go on, so a key overshoots its limit by at most the requests it already has in flight.
        if (key.TokensPerMinute is { } tokens && LimiterFor(_tokenLimiters, key.Name, tokens).GetStatistics()?.CurrentAvailablePermits <= 0)
        {
            await RefuseAsync(context, TimeSpan.FromSeconds(60.0 / SegmentsPerWindow), $"The key '{key.Name}' is limited to {tokens} tokens a minute and has used them; try again after Retry-After seconds.");
            return false;
        }

        return true;
    }

    /// <summary>Counts an answered request's tokens against its key's token limit.</summary>
    public void CountTokens(HttpContext context, long used)
    {
        if (CallerOf(context) is { TokensPerMinute: { } limit } key && used > 0)
        {
            var limiter = LimiterFor(_tokenLimiters, key.Name, limit);
            var available = limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;
            using var _ = limiter.AttemptAcquire((int)Math.Min(used, available));
        }
    }

    private const int SegmentsPerWindow = 6;

    private static RateLimiter LimiterFor(ConcurrentDictionary<string, (int Limit, RateLimiter Limiter)> limiters, string name, int limit) =>
        limiters.AddOrUpdate(
            name,
            static (_, limit) => (limit, Create(limit)),
            static (_, existing, limit) => existing.Limit == limit ? existing : (limit, Create(limit)),
            limit).Limiter;

    private static Task RefuseAsync(HttpContext context, TimeSpan wait, string message)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, message, "rate_limit_error", null, "rate_limit_exceeded");
    }

    private static SlidingWindowRateLimiter Create(int perMinute) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = perMinute,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = SegmentsPerWindow,
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
