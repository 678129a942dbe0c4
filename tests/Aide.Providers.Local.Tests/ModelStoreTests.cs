using Aide.Models;

namespace Aide.Providers.Local.Tests;

/// <summary>How a local provider's address finds its model file, and which names are refused.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("aide-models-");

    private ModelStore Store => new(Path.Combine(_root.FullName, "models"));

    [Fact]
    public void Paths_names_file_names_and_pulled_aliases_are_found()
    {
        Directory.CreateDirectory(Store.Directory);
        var named = Path.Combine(Store.Directory, "tiny.gguf");
        var aliased = Path.Combine(Store.Directory, ModelAlias.Default.FileName);
        var elsewhere = Path.Combine(_root.FullName, "elsewhere.gguf");
        foreach (var file in (string[])[named, aliased, elsewhere])
        {
            File.WriteAllText(file, "x");
        }

        Assert.Equal(named, Store.Find("tiny"));
        Assert.Equal(named, Store.Find("tiny.gguf"));
        Assert.Equal(aliased, Store.Find(ModelAlias.Default.Name));
        Assert.Equal(elsewhere, Store.Find(elsewhere));
        Assert.Null(Store.Find("absent"));
        Assert.Null(Store.Find(Path.Combine(_root.FullName, "absent.gguf")));
        Assert.Equal([Path.GetFileNameWithoutExtension(ModelAlias.Default.FileName), "tiny"], Store.List().Select(m => m.Name)); // by name
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Names_that_are_not_plain_file_names_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Store.PathFor(name));

    public void Dispose() => _root.Delete(recursive: true);
}
