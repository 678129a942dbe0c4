using Aide.Configuration;
using Aide.Models;
using Aide.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Providers.Local.Tests;

/// <summary>Bad model files get a clear error naming the file, before the native runtime sees them.</summary>
public sealed class ModelFileFaultTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("aide-faults-");

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var path = Path.Combine(_directory.FullName, "nope.gguf");

        var error = Assert.Throws<InvalidModelFileException>(() => Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_refused()
    {
        var path = Path.Combine(_directory.FullName, "page.gguf");
        File.WriteAllText(path, "<html>Sign in to download this model</html>");

        var error = Assert.Throws<InvalidModelFileException>(() => Load(path));

        Assert.Contains("not a GGUF model file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)] // inside the header
    [InlineData(200_000)] // inside the metadata or tensor table
    [InlineData(1_000_000)] // inside the weights
    public void A_truncated_file_is_refused_as_truncated(int keptBytes)
    {
        var full = File.ReadAllBytes(TinyLlamaModel.Write(Path.Combine(_directory.FullName, "full.gguf")));
        var path = Path.Combine(_directory.FullName, "cut.gguf");
        File.WriteAllBytes(path, full[..Math.Min(keptBytes, full.Length - 1)]);

        var error = Assert.Throws<InvalidModelFileException>(() => Load(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_too_large_for_memory_is_refused_with_the_numbers()
    {
        var path = TinyLlamaModel.Write(Path.Combine(_directory.FullName, "tiny.gguf"));

        var error = Assert.Throws<InvalidModelFileException>(() => Load(path, new LocalModelOptions { AvailableMemory = () => 100L << 20 }));

        Assert.Matches(@"needs about 25\d MB of memory \(weights \d+ MB, KV cache for 512 tokens \d+ MB, working buffers 256 MB\)", error.Message);
        Assert.Contains("100 MB are available", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_model_name_says_how_to_get_one()
    {
        var store = new ModelStore(Path.Combine(_directory.FullName, "models"));
        using var registry = new ProviderRegistry();
        LocalModelProvider.Register(registry, store);

        var alias = registry.CheckAvailability(new ProviderSettings(ProviderKind.Local, ModelAlias.Default.Name));
        var unknown = Assert.Throws<AideConfigurationException>(() => { registry.Resolve(ProviderKind.Local).CreateClient(new ProviderSettings(ProviderKind.Local, "mystery"), new ProviderOptions()); });

        Assert.False(alias.IsAvailable);
        Assert.Contains($"aide models pull {ModelAlias.Default.Name}", alias.Detail, StringComparison.Ordinal);
        Assert.Contains("No model named 'mystery'", unknown.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static void Load(string path, LocalModelOptions? options = null) =>
        LocalModel.Load(path, options ?? new LocalModelOptions(), NullLoggerFactory.Instance).Dispose();
}
