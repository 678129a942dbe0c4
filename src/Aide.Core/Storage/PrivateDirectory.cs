namespace Aide.Storage;

/// <summary>
/// Creates folders only their owner can enter (0700 on Unix): config, journal and data may hold keys or conversations.
/// Every folder created on the way gets that mode, as the XDG base directory specification asks (.NET's
/// <c>Directory.CreateDirectory</c> gives the mode to the last folder only: the data folder came out 0755 when
/// <c>aide models pull</c> created it first).
/// </summary>
public static class PrivateDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing folders above it, readable by their owner only.</summary>
    /// <param name="path">The folder.</param>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var folder = Path.GetFullPath(path); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out var folder))
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }
    }

    /// <summary>Makes an existing folder enterable by its owner only (a no-op on Windows).</summary>
    /// <param name="path">The folder.</param>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    /// <summary>Whether an existing folder can be written by its group or by anyone (its files could be swapped).</summary>
    /// <param name="path">The folder.</param>
    /// <returns><see langword="true"/> when group- or world-writable; <see langword="false"/> when not, missing, or on Windows.</returns>
    public static bool IsWritableByOthers(string path) =>
        !OperatingSystem.IsWindows() && Directory.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
}
