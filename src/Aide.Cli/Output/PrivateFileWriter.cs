using Aide.Diagnostics;

namespace Aide.Cli.Output;

/// <summary>Writes a file the user asked for (an export) privately (0600) and atomically: a crash leaves the old file or the new one, never half of one.</summary>
internal static class PrivateFileWriter
{
    public static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UsageException($"Cannot write {path}: it is a folder; name a file in it, e.g. {Path.Combine(path, "export.json")}.");
        }

        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream created;
        try
        {
            created = new FileStream(temporary, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The path the user gave is wrong or not theirs to write: say which, as a usage error, not a crash.
            var folder = Path.GetDirectoryName(full)!;
            throw new UsageException(ex switch
            {
                DirectoryNotFoundException => $"Cannot write {path}: the folder {folder} does not exist.",
                UnauthorizedAccessException => $"Cannot write {path}: permission denied in {folder}.",
                _ => $"Cannot write {path}: {LogText.Reason(ex.Message)}.",
            });
        }

        try
        {
            await using (var stream = created)
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
