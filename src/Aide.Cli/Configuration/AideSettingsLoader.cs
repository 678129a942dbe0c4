using Aide.Configuration;

namespace Aide.Cli.Configuration;

/// <summary>
/// Builds <see cref="AideSettings"/> from built-in defaults &lt; the JSON config file &lt; the environment
/// (<c>AIDE_*</c>, <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>OLLAMA_HOST</c>) &lt; per-invocation overrides.
/// </summary>
/// <remarks>
/// Written by hand rather than on Microsoft.Extensions.Configuration for two reasons: its providers cannot tell
/// which source supplied a value, and every error here must name it; and it merges arrays by index across layers,
/// so a provider list from the environment would blend with the file's instead of replacing it.
/// </remarks>
internal static class AideSettingsLoader
{
    /// <summary>Loads and validates the settings.</summary>
    /// <param name="sources">The inputs; <see langword="null"/> reads the default config file and the process environment.</param>
    /// <returns>The effective settings.</returns>
    /// <exception cref="AideConfigurationException">A value is malformed or out of range; the message says which, where from, and what is allowed.</exception>
    public static AideSettings Load(AideSettingsSources? sources = null)
    {
        sources ??= new AideSettingsSources();
        var environment = sources.Environment ?? AidePaths.ReadProcessEnvironment();
        var path = sources.ConfigFilePath ?? AidePaths.Resolve(environment).ConfigFile;
        var warnings = new List<string>();
        var file = ConfigFileReader.Read(path, warnings);
        var flags = SettingsLayer.FromOverrides(sources.Overrides);
        if (sources.Template is { } template)
        {
            flags.AddTemplate(template);
        }

        return Resolve(path, file, SettingsLayer.FromEnvironment(environment), flags, environment, warnings);
    }

    internal static AideSettings Resolve(
        string path,
        SettingsLayer file,
        SettingsLayer environmentLayer,
        SettingsLayer flags,
        IReadOnlyDictionary<string, string?> environment,
        List<string> warnings)
    {
        SettingsLayer[] layers = [flags, environmentLayer, file]; // highest precedence first
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        SettingValue? Find(string key)
        {
            foreach (var layer in layers)
            {
                if (layer.Scalars.TryGetValue(key, out var value))
                {
                    sources[key] = value.Source;
                    return value;
                }
            }

            sources[key] = "default";
            return null;
        }

        var timeout = Find(SettingKeys.Timeout) is { } t ? SettingParsers.Duration(t, SettingKeys.Timeout, AideDefaults.MaxTimeout) : AideDefaults.Timeout;
        var retries = Find(SettingKeys.Retries) is { } r ? SettingParsers.Integer(r, SettingKeys.Retries, 0, AideDefaults.MaxRetries) : AideDefaults.Retries;
        var temperature = Find(SettingKeys.Temperature) is { } temp ? SettingParsers.Real(temp, SettingKeys.Temperature, 0, 2) : (float?)null;
        var maxTokens = Find(SettingKeys.MaxOutputTokens) is { } m ? SettingParsers.Integer(m, SettingKeys.MaxOutputTokens, 1, 1_000_000) : (int?)null;
        var systemPrompt = Find(SettingKeys.SystemPrompt)?.Text;
        var journal = Find(SettingKeys.Journal) is not { } j || SettingParsers.Boolean(j, SettingKeys.Journal);
        var history = Find(SettingKeys.History) is not { } h || SettingParsers.Boolean(h, SettingKeys.History);
        var summarize = Find(SettingKeys.Summarize) is { } s && SettingParsers.Boolean(s, SettingKeys.Summarize);
        var contextTokens = Find(SettingKeys.ContextTokens) is { } c ? SettingParsers.Integer(c, SettingKeys.ContextTokens, 256, 10_000_000) : (int?)null;
        var cache = Find(SettingKeys.Cache) is not { } ca || SettingParsers.Boolean(ca, SettingKeys.Cache);
        var cacheTtl = Find(SettingKeys.CacheTtl) is { } ttl ? SettingParsers.Duration(ttl, SettingKeys.CacheTtl, AideDefaults.MaxCacheTimeToLive) : AideDefaults.CacheTimeToLive;
        var cacheSize = Find(SettingKeys.CacheSize) is { } cs ? SettingParsers.Size(cs, SettingKeys.CacheSize, 1L << 20, 64L << 30) : AideDefaults.CacheSize;
        var cacheSampled = Find(SettingKeys.CacheSampled) is { } sampled && SettingParsers.Boolean(sampled, SettingKeys.CacheSampled);
        var cachePolicy = Find(SettingKeys.CachePolicy) is { } cp ? SettingParsers.Choice<Caching.CacheEvictionPolicy>(cp, SettingKeys.CachePolicy) : Caching.CacheEvictionPolicy.Lru;
        var cacheCodec = Find(SettingKeys.CacheCodec) is { } cc ? SettingParsers.Choice<Caching.CacheCodec>(cc, SettingKeys.CacheCodec) : Caching.CacheCodec.Lz4;
        var breakDuration = Find(SettingKeys.BreakDuration) is { } bd
            ? SettingParsers.Duration(bd, SettingKeys.BreakDuration, TimeSpan.FromHours(1), min: TimeSpan.FromMilliseconds(500))
            : AideDefaults.BreakDuration;
        var maxAnswer = Find(SettingKeys.MaxAnswerSize) is { } ma ? SettingParsers.Size(ma, SettingKeys.MaxAnswerSize, 64L << 10, 1L << 30) : AideDefaults.MaxAnswerBytes;
        var localQueue = Find(SettingKeys.LocalQueue) is { } lq ? SettingParsers.Integer(lq, SettingKeys.LocalQueue, 0, 10_000) : 16;
        var template = Find(SettingKeys.Template) is { } tp ? SettingParsers.Choice<Models.ChatTemplate>(tp, SettingKeys.Template) : Models.ChatTemplate.Auto;
        var budget = Find(SettingKeys.Budget) is { } b ? SettingParsers.Budget(b, SettingKeys.Budget) : null;
        if (budget is not null && !history)
        {
            throw new AideConfigurationException($"A budget ({sources[SettingKeys.Budget]}) counts what is spent in the history store, and history is off ({sources[SettingKeys.History]}): turn history on, or remove the budget.")
            {
                Key = SettingKeys.Budget,
                ValueSource = sources[SettingKeys.Budget],
            };
        }

        var prices = file.Prices is { Count: > 0 } own ? Usage.PriceTable.WithOverrides(own) : Usage.PriceTable.Default;
        sources[SettingKeys.Prices] = file.Prices is { Count: > 0 } ? $"config file {path}" : "default";
        var tools = Find(SettingKeys.Tools) is { } tl ? SettingParsers.BuiltInTools(tl, SettingKeys.Tools) : [];
        var maxToolRounds = Find(SettingKeys.MaxToolRounds) is { } mtr ? SettingParsers.Integer(mtr, SettingKeys.MaxToolRounds, 1, 100) : AideDefaults.MaxToolRounds;
        var toolsAllow = Find(SettingKeys.ToolsAllow) is { } ta ? SettingParsers.List(ta) : [];
        var toolsHttpAllow = Find(SettingKeys.ToolsHttpAllow) is { } tha ? SettingParsers.List(tha) : [];
        sources[SettingKeys.McpServers] = file.McpServers is null ? "default" : $"config file {path}";
        var replyTokens = Find(SettingKeys.ReplyTokens) is { } rt ? SettingParsers.Integer(rt, SettingKeys.ReplyTokens, 0, 1_000_000) : (int?)null;

        // A model from the environment or a flag is for every provider of this run; the file's is only a default.
        var modelOverride = flags.Scalars.GetValueOrDefault(SettingKeys.Model) ?? environmentLayer.Scalars.GetValueOrDefault(SettingKeys.Model);
        var modelDefault = file.Scalars.GetValueOrDefault(SettingKeys.Model);
        sources[SettingKeys.Model] = (modelOverride ?? modelDefault)?.Source ?? "default";
        var aliases = file.Aliases ?? [];
        sources[SettingKeys.Aliases] = file.Aliases is null ? "default" : $"config file {path}";
        modelOverride = modelOverride is null ? null : modelOverride with { Text = ModelAliases.Resolve(aliases, modelOverride.Text) };
        modelDefault = modelDefault is null ? null : modelDefault with { Text = ModelAliases.Resolve(aliases, modelDefault.Text) };
        var qualified = (modelOverride ?? modelDefault) is { } named ? ModelChoice.Qualified(named.Text) : null;

        var rawProviders = flags.Providers ?? environmentLayer.Providers ?? file.Providers;
        sources[SettingKeys.Providers] = rawProviders is null ? "auto-detect"
            : ReferenceEquals(rawProviders, flags.Providers) ? "option --provider"
            : ReferenceEquals(rawProviders, environmentLayer.Providers) ? "environment variable AIDE_PROVIDERS"
            : $"config file {path}";
        IReadOnlyList<ProviderSettings> providers = (rawProviders ?? [])
            .Select(raw => qualified is null
                ? ProviderResolver.Resolve(raw, modelOverride?.Text, modelDefault?.Text, environment)
                : ProviderResolver.Resolve(raw, null, null, environment))
            .ToList();
        if (qualified is { } q)
        {
            // kind/name: that kind's provider serves it (one at its default address if none is configured), first.
            providers = ModelChoice.Prefer(providers, q.Kind, q.Name, environment, $"model '{(modelOverride ?? modelDefault)!.Text}' from {sources[SettingKeys.Model]}");
            if (rawProviders is null)
            {
                sources[SettingKeys.Providers] = sources[SettingKeys.Model];
            }
        }

        return new AideSettings
        {
            Providers = providers,
            Model = qualified?.Name ?? (modelOverride ?? modelDefault)?.Text,
            Aliases = aliases,
            Tools = tools,
            MaxToolRounds = maxToolRounds,
            ToolsAllow = toolsAllow,
            ToolsHttpAllow = toolsHttpAllow,
            McpServers = file.McpServers ?? [],
            Timeout = timeout,
            Retries = retries,
            Temperature = temperature,
            MaxOutputTokens = maxTokens,
            SystemPrompt = string.IsNullOrWhiteSpace(systemPrompt) ? null : systemPrompt,
            Journal = journal,
            History = history,
            Summarize = summarize,
            ContextTokens = contextTokens,
            ReplyTokens = replyTokens,
            Cache = cache,
            CacheTimeToLive = cacheTtl,
            CacheSize = cacheSize,
            CacheSampled = cacheSampled,
            CachePolicy = cachePolicy,
            CacheCodec = cacheCodec,
            BreakDuration = breakDuration,
            MaxAnswerBytes = maxAnswer,
            Template = template,
            LocalQueue = localQueue,
            Budget = budget,
            Prices = prices,
            ConfigFilePath = path,
            Warnings = warnings,
            Sources = sources,
        };
    }
}
