namespace Aide.Cli.Output;

/// <summary>One price of <c>aide usage prices --json</c>, per million tokens.</summary>
internal sealed record PriceJson(string Model, string? Provider, decimal Input, decimal? CachedInput, decimal Output, string Currency, string? ValidFrom, bool Configured);
