using System.Runtime.InteropServices;

namespace Aide.Cli.Bench;

/// <summary>The machine a bench ran on, so figures from different machines are never compared by mistake.</summary>
internal sealed record BenchMachine(string Os, string Cpu, int LogicalCores, string Runtime, string Build)
{
    public static BenchMachine Current() => new(
        RuntimeInformation.OSDescription,
        CpuName() ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        RuntimeInformation.FrameworkDescription,
        SelfProcess.IsNativeAot ? "native AOT" : SelfProcess.IsDebugBuild ? "JIT, Debug" : "JIT, Release");

    public override string ToString() => $"{Cpu}, {LogicalCores} logical cores, {Os}, {Runtime} ({Build})";

    private static string? CpuName()
    {
        try
        {
            return OperatingSystem.IsLinux()
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
