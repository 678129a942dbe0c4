using Aide.Storage;

namespace Aide.Cli.Bench;

/// <summary>What every check gets: the sampling options, a private scratch folder (deleted afterwards), and progress output.</summary>
internal sealed class BenchContext(CliConsole console, BenchOptions options, string scratch, CancellationToken cancellationToken)
{
    public BenchOptions Options { get; } = options;

    public StableSampler Sampler { get; } = new(options);

    public CliConsole Console { get; } = console;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Creates a new private folder inside the scratch folder.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(scratch, name);
        PrivateDirectory.Create(path);
        return path;
    }
}
