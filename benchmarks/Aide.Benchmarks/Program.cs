using Aide.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

if (Tools.Find(args) is { } tool)
{
    return await tool();
}

if (args is ["--help"] or ["-h"])
{
    Console.WriteLine("BenchmarkDotNet suite: --filter '*' (or any BenchmarkDotNet option). Tools BenchmarkDotNet cannot do:");
    Console.WriteLine(string.Join(Environment.NewLine, Tools.Usage()));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.AddExporter(new DatedMarkdownExporter()));
return 0;
