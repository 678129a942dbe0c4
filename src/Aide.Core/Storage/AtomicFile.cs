using System.Globalization;

namespace Aide.Storage;

/// <summary>
/// Writes a file privately (0600) and atomically: into a sibling temporary file (<c>.NAME.PID.tmp</c>), flushed to disk,
/// then renamed over the target, so a crash leaves the old file or the new one, never half of one. A path that is a
/// folder, a device or a pipe is refused (renaming over <c>/dev/zero</c> as root would replace the device), and
/// temporary files of this target left by processes that were killed mid-write are removed.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with what <paramref name="write"/> puts in the stream.</summary>
    /// <param name="path">The file.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="cancellationToken">Cancels the write; the target is then unchanged.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    /// <exception cref="InputFileException">The path is a folder or not a regular file.</exception>
    /// <exception cref="IOException">The folder is missing or cannot be written (<see cref="UnauthorizedAccessException"/> for permissions).</exception>
    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Target(path);
        var temporary = Temporary(full, Environment.ProcessId);
        RemoveStale(full);
        try
        {
            await using (var stream = new FileStream(temporary, CreateOptions()))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> (see <see cref="WriteAsync"/>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="content">The bytes.</param>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var full = Target(path);
        var temporary = Temporary(full, Environment.ProcessId);
        RemoveStale(full);
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions()))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Target(string path)
    {
        var full = Path.GetFullPath(path);
        return InputFile.KindOf(full) switch
        {
            InputFile.Kind.Directory => throw new InputFileException($"{path}: it is a folder; name a file in it, e.g. {Path.Combine(path, "export.json")}."),
            InputFile.Kind.Special => throw new InputFileException($"{path}: it is not a regular file (a device, pipe or socket); Aide writes only ordinary files."),
            _ => full,
        };
    }

    private static string Temporary(string full, int processId) =>
        Path.Combine(Path.GetDirectoryName(full)!, string.Create(CultureInfo.InvariantCulture, $".{Path.GetFileName(full)}.{processId}.tmp"));

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>Deletes this target's temporary files whose process is gone (killed while writing); best effort.</summary>
    private static void RemoveStale(string full)
    {
        var folder = Path.GetDirectoryName(full)!;
        var prefix = "." + Path.GetFileName(full) + ".";
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                var id = Path.GetFileName(candidate)[prefix.Length..^4];
                if (int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
                {
                    File.Delete(candidate);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover is clutter, not harm; the write itself reports a folder it cannot use.
        }
    }

    private static bool IsRunning(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}"));
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
