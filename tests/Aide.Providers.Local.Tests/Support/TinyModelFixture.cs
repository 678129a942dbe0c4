using Aide.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aide.Testing;

/// <summary>Writes the tiny model once per test class and loads it with the real LLamaSharp runtime.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("aide-local-").FullName;

    public TinyModelFixture()
    {
        ModelPath = TinyLlamaModel.Write(Path.Combine(_directory, "tiny.gguf"));
        Model = Providers.Local.LocalModel.Load(ModelPath, new Providers.Local.LocalModelOptions { Threads = 1 }, NullLoggerFactory.Instance);
    }

    public string ModelPath { get; }

    internal Providers.Local.LocalModel Model { get; }

    public ModelStore Store => new(Path.Combine(_directory, "models"));

    public string Directory => _directory;

    public void Dispose()
    {
        Model.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
