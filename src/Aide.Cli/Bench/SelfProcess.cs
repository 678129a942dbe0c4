using System.Diagnostics;
using System.Reflection;

namespace Aide.Cli.Bench;

/// <summary>Starts this same <c>aide</c> (native binary, app host or <c>dotnet aide.dll</c>) with arguments, for checks that need fresh processes.</summary>
internal static class SelfProcess
{
    /// <summary>
    /// Gets whether this is the native AOT build (the one the start-up targets are for): nothing was JIT-compiled.
    /// Not <c>RuntimeFeature.IsDynamicCodeSupported</c>: a project with PublishAot turns that off under the JIT too.
    /// </summary>
    public static bool IsNativeAot => System.Runtime.JitInfo.GetCompiledMethodCount() == 0;

    /// <summary>Gets whether this is a Debug build (figures from one are not representative).</summary>
    public static bool IsDebugBuild =>
        typeof(SelfProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration == "Debug";

    public static ProcessStartInfo StartInfo(params string[] args) => StartInfo(null, args);

    /// <summary>The start info with <paramref name="environment"/> applied over this process's (a <see langword="null"/> value removes the variable).</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable this process runs");
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aide.dll"));
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Runs to completion; returns the wall time from start to exit and the standard output.</summary>
    public static Task<(TimeSpan Wall, string Output)> RunAsync(CancellationToken cancellationToken, params string[] args) => RunAsync(null, cancellationToken, args);

    /// <summary>Runs to completion with <paramref name="environment"/> applied (see <see cref="StartInfo(IReadOnlyDictionary{string, string?}?, string[])"/>).</summary>
    public static async Task<(TimeSpan Wall, string Output)> RunAsync(IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken, params string[] args)
    {
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(StartInfo(environment, args)) ?? throw new InvalidOperationException("could not start " + Environment.ProcessPath);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var wall = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'aide {string.Join(' ', args)}' exited with {process.ExitCode}: {(await error).Trim()}");
        }

        return (wall, await output);
    }
}
