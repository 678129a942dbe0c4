using Aide.Storage;

namespace Aide.Cli.Output;

/// <summary>Writes a file the user asked for (an export) privately (0600) and atomically (<see cref="AtomicFile"/>); a bad path is a usage error.</summary>
internal static class PrivateFileWriter
{
    public static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            await AtomicFile.WriteAsync(path, write, cancellationToken);
        }
        catch (InputFileException ex)
        {
            throw new UsageException($"Cannot write {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The path the user gave is wrong or not theirs to write: say which, as a usage error, not a crash.
            throw new UsageException(ex switch
            {
                DirectoryNotFoundException => $"Cannot write {path}: the folder {folder} does not exist.",
                UnauthorizedAccessException => $"Cannot write {path}: permission denied in {folder}.",
                _ => $"Cannot write {path}: {CliText.Clause(ex.Message)}.",
            });
        }
    }
}
