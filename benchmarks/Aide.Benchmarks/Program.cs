using Aide.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["append-latency", ..])
{
    await AppendLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000);
    return;
}

if (args is ["cache-ratios", ..])
{
    CacheBenchmarks.PrintRatios();
    return;
}

if (args is ["health-cost", ..])
{
    await HealthCost.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 120);
    return;
}

if (args is ["lazy-load", ..])
{
    await LazyLoading.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
    return;
}

if (args is ["lazy-load-child"])
{
    LazyLoading.Child();
    return;
}

if (args is ["write-tiny-model", var modelPath])
{
    Aide.Testing.TinyLlamaModel.Write(modelPath);
    return;
}

if (args is ["startup", var runs, .. var commands])
{
    await StartupTime.RunAsync(int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture), commands);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
