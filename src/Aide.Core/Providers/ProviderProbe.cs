using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Aide.Configuration;
using Aide.Diagnostics;

namespace Aide.Providers;

/// <summary>
/// Asks a provider whether it answers right now: an HTTP provider by listing its models (cheap, no tokens spent); a
/// local one by its registry's availability check (the file is a readable model; nothing is loaded).
/// </summary>
/// <param name="http">The client the HTTP probes use.</param>
/// <param name="timeProvider">The clock for latencies and the timeout; the system's by default.</param>
/// <param name="registry">The provider kinds, for those probed without HTTP (local models); without it they are reported unavailable.</param>
public sealed class ProviderProbe(HttpClient http, TimeProvider? timeProvider = null, ProviderRegistry? registry = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Probes one provider.</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="timeout">How long an HTTP provider has to answer.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>What the probe found; never throws for a provider that is down or wrong.</returns>
    public async Task<ProviderStatus> ProbeAsync(ProviderSettings provider, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Kind is not (ProviderKind.OpenAI or ProviderKind.Ollama))
        {
            return ProbeWithoutHttp(provider);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, Below(provider.Address, provider.Kind == ProviderKind.OpenAI ? "models" : "api/tags"));
        if (provider.Kind == ProviderKind.OpenAI && provider.ApiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", provider.ApiKey);
        }

        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var started = _time.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var latency = _time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var hint = status is 401 or 403 ? " (check the API key)" : status == 404 ? " (check the address; OpenAI-compatible ones end in /v1)" : string.Empty;
                return new ProviderStatus(provider, ProviderState.Error, latency, string.Create(CultureInfo.InvariantCulture, $"HTTP {status}{hint}"), []);
            }

            var models = ReadModels(await ReadBoundedAsync(response.Content, linked.Token), provider.Kind);
            return new ProviderStatus(provider, ProviderState.Ok, latency, string.Create(CultureInfo.InvariantCulture, $"{models.Count} model(s) listed"), models);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Down(provider, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? ChatErrorClassifier.Describe(socket) : ex.HttpRequestError.ToString();
            return Down(provider, SecretRedactor.Redact($"cannot connect: {reason}", provider.ApiKey));
        }
    }

    /// <summary>A local model answers if its file is a readable model; the probe never loads it (that takes seconds and gigabytes).</summary>
    private ProviderStatus ProbeWithoutHttp(ProviderSettings provider)
    {
        var availability = registry?.CheckAvailability(provider)
            ?? ProviderAvailability.Unavailable($"The {provider.KindName} provider cannot be probed without its registry.");
        return availability.IsAvailable
            ? new ProviderStatus(provider, ProviderState.Ok, TimeSpan.Zero, availability.Detail + ", not loaded", [Path.GetFileNameWithoutExtension(provider.Address)])
            : new ProviderStatus(provider, ProviderState.Error, TimeSpan.Zero, availability.Detail, []);
    }

    private static ProviderStatus Down(ProviderSettings provider, string detail) => new(provider, ProviderState.Down, TimeSpan.Zero, detail, []);

    /// <summary>A path below the provider's address, keeping its query (a proxy's <c>?api-version=</c>) where it belongs.</summary>
    private static Uri Below(string address, string path)
    {
        var builder = new UriBuilder(address);
        builder.Path = builder.Path.TrimEnd('/') + "/" + path;
        return builder.Uri;
    }

    /// <summary>The model list, read no further than 4 MB (a list of thousands of models is well under one).</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        const int Limit = 4 << 20;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length < Limit)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.Length <= Limit ? buffer.ToArray() : [];
    }

    /// <summary>OpenAI lists <c>{ data: [{ id }] }</c>, Ollama <c>{ models: [{ name }] }</c>; anything else lists nothing.</summary>
    private static List<string> ReadModels(byte[] body, ProviderKind kind)
    {
        var (arrayName, fieldName) = kind == ProviderKind.OpenAI ? ("data", "id") : ("models", "name");
        var result = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(arrayName, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(fieldName, out var name) && name.GetString() is { } text)
                    {
                        result.Add(text);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A server that answers but lists models oddly is still reachable; the count just reads 0.
        }

        return result;
    }
}
