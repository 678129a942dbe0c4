using System.Runtime.InteropServices;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>
/// The llama.cpp native libraries shipped by LLamaSharp.Backend.Cpu: found on disk without loading them (for
/// availability checks and <c>aide providers</c>), and loaded once, on the first model load. LLamaSharp picks the build
/// for the CPU's instruction set (AVX-512, AVX2, AVX, or the no-AVX fallback).
/// </summary>
internal static class NativeRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>The folder holding this platform's native builds, or <see langword="null"/> if they were not shipped.</summary>
    public static string? FindLibraryFolder()
    {
        var name = OperatingSystem.IsWindows() ? "llama.dll" : OperatingSystem.IsMacOS() ? "libllama.dylib" : "libllama.so";
        var baseDirectory = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(baseDirectory, name)))
        {
            return baseDirectory;
        }

        var native = Path.Combine(baseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        return Directory.Exists(native) && Directory.EnumerateFiles(native, name, SearchOption.AllDirectories).Any() ? native : null;
    }

    /// <summary>Says whether the native runtime is present, without loading it.</summary>
    public static ProviderAvailability Check() => FindLibraryFolder() is { } folder
        ? ProviderAvailability.Available($"llama.cpp runtime in {folder}")
        : ProviderAvailability.Unavailable($"the llama.cpp runtime for {RuntimeInformation.RuntimeIdentifier} is not installed next to aide (expected runtimes/{RuntimeInformation.RuntimeIdentifier}/native/); reinstall aide for this platform.");

    /// <summary>Loads the native library (once per process), sending llama.cpp's own log lines to <paramref name="logger"/>.</summary>
    /// <exception cref="InvalidOperationException">The library cannot be loaded on this machine.</exception>
    public static void EnsureLoaded(ILogger logger)
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }

            try
            {
                // Must precede the first native call. llama.cpp logs every tensor at INFO: only its warnings and errors
                // reach Aide's logs, as Debug, so a chat's output stays clean.
                NativeLibraryConfig.All.WithLogCallback((level, message) =>
                {
                    if (level is LLamaLogLevel.Error or LLamaLogLevel.Warning)
                    {
                        LocalLog.NativeMessage(logger, level.ToString(), message.TrimEnd());
                    }
                });
                NativeApi.llama_empty_call();
                _loaded = true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException(
                    $"The llama.cpp runtime could not be loaded on this machine ({RuntimeInformation.RuntimeIdentifier}): {ex.Message} " +
                    "Local models need the files under runtimes/ that ship with aide.", ex);
            }
        }
    }
}
