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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
