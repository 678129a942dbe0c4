using System.CommandLine;
using System.CommandLine.Completions;
using Aide.Cli.Configuration;
using Aide.Cli.Templates;
using Aide.Conversations.Store;
using Aide.Models;

namespace Aide.Cli.Completion;

/// <summary>
/// What shell completion offers for values: conversation names, models (aliases, configured, pulled), provider kinds,
/// template names. Read from the user's files when asked (a completion is its own short process); any problem reading
/// them offers nothing rather than an error in the middle of the user's typing.
/// </summary>
internal static class CompletionValues
{
    public static void AddConversations(Option option) => option.CompletionSources.Add(ctx => Offer(ctx, Conversations));

    public static void AddConversations(Argument argument) => argument.CompletionSources.Add(ctx => Offer(ctx, Conversations));

    public static void AddModels(Option option) => option.CompletionSources.Add(ctx => Offer(ctx, Models));

    public static void AddProviders(Option option) => option.CompletionSources.Add(ctx => Offer(ctx, Providers));

    public static void AddTemplates(Option option) => option.CompletionSources.Add(ctx => Offer(ctx, Templates));

    public static void AddTemplates(Argument argument) => argument.CompletionSources.Add(ctx => Offer(ctx, Templates));

    private static IEnumerable<CompletionItem> Offer(CompletionContext context, Func<IEnumerable<string>> values) =>
        OrNone(values).Where(v => v.StartsWith(context.WordToComplete, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).Select(v => new CompletionItem(v));

    private static AidePaths Paths => AidePaths.Resolve();

    private static IEnumerable<string> Conversations()
    {
        var path = SqliteConversationStore.DefaultPath(Paths.DataDirectory);
        if (!File.Exists(path))
        {
            return [];
        }

        var store = SqliteConversationStore.Open(path);
        try
        {
            return store.ListAsync().GetAwaiter().GetResult().Take(500).Select(c => c.Name).ToList();
        }
        finally
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The models completion offers, or none when the configuration cannot be read.</summary>
    internal static IReadOnlyList<string> ModelsOrNone() => OrNone(Models);

    /// <summary>The values, or none when the files they come from cannot be read.</summary>
    private static List<string> OrNone(Func<IEnumerable<string>> values)
    {
        try
        {
            return [.. values()];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Aide.Configuration.AideConfigurationException or Aide.Conversations.ConversationStoreException)
        {
            return [];
        }
    }

    private static IEnumerable<string> Models()
    {
        var settings = AideSettingsLoader.Load();
        var pulled = new ModelStore(Paths.ModelsDirectory).List().Select(m => "local/" + m.Name);
        var configured = settings.Providers.Where(p => p.Model is not null).Select(p => p.KindName + "/" + p.Model);
        return settings.Aliases.Keys.Order(StringComparer.Ordinal).Concat(configured).Concat(pulled);
    }

    private static IEnumerable<string> Providers() =>
        ProviderSpec.KindNames.Select(k => k + "=").Concat(new ModelStore(Paths.ModelsDirectory).List().Select(m => "local=" + m.Name));

    private static IEnumerable<string> Templates() => PromptTemplateStore.For(null).Names();
}
