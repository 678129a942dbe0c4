using Aide.Configuration;
using Aide.Models;
using Aide.Providers;
using Aide.Providers.Local;
using Aide.Testing;
using BenchmarkDotNet.Attributes;

namespace Aide.Benchmarks;

/// <summary>Issue 8: resolving an already loaded provider from the lazy registry (target ≤ 100 ns).</summary>
[MemoryDiagnoser]
public class LocalProviderBenchmarks
{
    private readonly Dictionary<ProviderKind, IChatProvider> _dictionary = [];
    private ProviderRegistry _registry = null!;
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("aide-bench-").FullName;
        TinyLlamaModel.Write(Path.Combine(_directory, "tiny.gguf"));
        _registry = new ProviderRegistry();
        LocalModelProvider.Register(_registry, new ModelStore(_directory));
        _dictionary[ProviderKind.Local] = _registry.Resolve(ProviderKind.Local);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _registry.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The floor: a plain dictionary of loaded providers.</summary>
    [Benchmark(Baseline = true)]
    public IChatProvider Dictionary_lookup() => _dictionary[ProviderKind.Local];

    [Benchmark]
    public IChatProvider Registry_resolve_cached() => _registry.Resolve(ProviderKind.Local);

    [Benchmark]
    public ProviderAvailability Availability_check_without_loading() => _registry.CheckAvailability(new ProviderSettings(ProviderKind.Local, Path.Combine(_directory, "tiny.gguf")));
}
