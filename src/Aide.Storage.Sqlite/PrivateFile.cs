namespace Aide.Storage;

/// <summary>Creates files only their owner can read or write (0600 on Unix).</summary>
internal static class PrivateFile
{
    public static void CreateEmpty(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; its mode is the same.
        }
    }

    /// <summary>Makes an existing file readable and writable by its owner only (a no-op on Windows).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
