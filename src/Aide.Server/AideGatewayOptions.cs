using Aide.Configuration;

namespace Aide.Server;

/// <summary>What the gateway serves: the providers behind it, in priority order.</summary>
public sealed class AideGatewayOptions
{
    /// <summary>Gets or sets the providers, in priority order (a request without a model fails over down the list).</summary>
    public IList<ProviderSettings> Providers { get; set; } = [];

    /// <summary>Gets or sets the models served besides the providers' own lists (e.g. pulled local models, as <c>local/NAME</c>).</summary>
    public IList<string> ExtraModels { get; set; } = [];

    /// <summary>
    /// Gets or sets model aliases: a request's <c>model</c> that is a key here is served as its value (a bare name, or
    /// <c>kind/name</c>). Aliases are listed by <c>GET /v1/models</c>, owned by <c>alias</c>.
    /// </summary>
    public IDictionary<string, string> ModelAliases { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets how long a provider's model list is kept before it is asked again (default 30 s).</summary>
    public TimeSpan ModelListLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the largest request body read (default 4 MB); a larger one is answered 413 without being parsed.</summary>
    public long MaxRequestBytes { get; set; } = 4L << 20;

    /// <summary>
    /// Gets or sets how long a streamed answer may go without a write before a <c>: keep-alive</c> comment is sent
    /// (default 15 s; zero: never), so a slow local model does not trip proxies' and clients' read timeouts.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gets or sets the tools the server runs itself (<c>aide serve --server-tools</c>), offered to requests that bring
    /// no tools of their own; <see langword="null"/> offers none. Called per request (a server that died drops out).
    /// </summary>
    public Func<CancellationToken, Task<IList<Microsoft.Extensions.AI.AITool>>>? ServerTools { get; set; }
}
