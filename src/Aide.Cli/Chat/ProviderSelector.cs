using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Models;
using Aide.Providers;
using Aide.Storage;

namespace Aide.Cli.Chat;

/// <summary>Loads the settings for a command and picks the provider to talk to, auto-detecting one if none is configured.</summary>
internal static class ProviderSelector
{
    public static AideSettings LoadSettings(CliConsole console, AideSettingsOverrides overrides, Templates.PromptTemplate? template = null)
    {
        var settings = AideSettingsLoader.Load(new AideSettingsSources { Environment = console.Environment, Overrides = overrides, Template = template });
        foreach (var warning in settings.Warnings)
        {
            console.WriteWarning(warning);
        }

        WarnAboutOpenFolders(console);
        return settings;
    }

    /// <summary>Once per run: an Aide folder others can write to lets them swap its files (conversations, config, models).</summary>
    public static void WarnAboutOpenFolders(CliConsole console)
    {
        if (Interlocked.Exchange(ref _foldersChecked, 1) == 1)
        {
            return;
        }

        var paths = AidePaths.Resolve(console.Environment);
        foreach (var folder in (string[])[Path.GetDirectoryName(paths.ConfigFile)!, paths.DataDirectory, paths.CacheDirectory])
        {
            if (PrivateDirectory.IsWritableByOthers(folder))
            {
                console.WriteWarning($"{folder} can be written by other users, who could change or replace Aide's files in it. Make it yours alone: chmod 700 {folder}");
            }
        }
    }

    private static int _foldersChecked;

    /// <summary>The configured providers in priority order (requests fail over down the list), or a detected one.</summary>
    public static async Task<IReadOnlyList<ProviderSettings>> SelectAsync(CliConsole console, AideSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Providers.Count > 0)
        {
            return settings.Providers;
        }

        if (DownloadedModel(console) is { } local)
        {
            return [local];
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var detected = await new ProviderAutoDetector(new ProviderProbe(http, TimeProvider.System)).DetectAsync(settings, console.Environment, cancellationToken);
        return [detected ?? throw new NoProviderException()];
    }

    /// <summary>
    /// With nothing configured, a downloaded model is the default: the default alias's file if present, else the first
    /// model by name. Local first because it needs no server, no account and no network.
    /// </summary>
    public static ProviderSettings? DownloadedModel(CliConsole console)
    {
        var store = new ModelStore(AidePaths.Resolve(console.Environment).ModelsDirectory);
        var models = store.List();
        var model = models.FirstOrDefault(m => Path.GetFileName(m.Path) == ModelAlias.Default.FileName) ?? (models.Count > 0 ? models[0] : null);
        return model is null ? null : new ProviderSettings(ProviderKind.Local, model.Path);
    }
}
