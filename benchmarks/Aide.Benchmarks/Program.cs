using Aide.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

if (args is ["append-latency", ..])
{
    await AppendLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return 0;
}

if (args is ["cache-ratios", ..])
{
    CacheBenchmarks.PrintRatios();
    return 0;
}

if (args is ["health-cost", ..])
{
    await HealthCost.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 120);
    return 0;
}

if (args is ["lazy-load", ..])
{
    await LazyLoading.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return 0;
}

if (args is ["lazy-load-child"])
{
    LazyLoading.Child();
    return 0;
}

if (args is ["write-tiny-model", var modelPath])
{
    Aide.Testing.TinyLlamaModel.Write(modelPath);
    return 0;
}

if (args is ["startup", var runs, .. var commands])
{
    await StartupTime.RunAsync(int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture), commands);
    return 0;
}

if (args is ["guard", .. var guardArgs])
{
    var ratios = Path.Combine(Directory.GetCurrentDirectory(), "benchmarks", "guard-ratios.json"); // run from the repository root
    var source = guardArgs.SkipWhile(a => a != "--ratios").Skip(1).FirstOrDefault() ?? ratios;
    return RegressionGuard.Run(source, update: guardArgs.Contains("--update"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddExporter(new DatedMarkdownExporter()));
return 0;
