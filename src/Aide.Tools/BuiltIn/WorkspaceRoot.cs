namespace Aide.Tools.BuiltIn;

/// <summary>
/// The directory tree the file tools may read: a relative path without <c>..</c> segments, resolved under the root,
/// whose every existing component (symbolic links followed) stays inside the root's real path.
/// </summary>
internal sealed class WorkspaceRoot
{
    public WorkspaceRoot(string root)
    {
        Path = System.IO.Path.GetFullPath(root);
        RealPath = RealPathOf(Path);
    }

    public string Path { get; }

    private string RealPath { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the root, or an error a model can act on.</summary>
    public string Resolve(string relative)
    {
        if (relative.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The path holds a NUL character.");
        }

        var trimmed = relative.Trim();
        if (trimmed.Length == 0 || trimmed == ".")
        {
            return Path;
        }

        if (System.IO.Path.IsPathRooted(trimmed) || trimmed.StartsWith('~'))
        {
            throw new UnauthorizedAccessException($"'{relative}' is not a path relative to the working directory; only files under it can be read.");
        }

        if (trimmed.Split('/', '\\').Any(s => s == ".."))
        {
            throw new UnauthorizedAccessException($"'{relative}' leaves the working directory ('..'); only files under it can be read.");
        }

        var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, trimmed));
        if (!Inside(full, Path) || !Inside(RealPathOf(full), RealPath))
        {
            throw new UnauthorizedAccessException($"'{relative}' resolves outside the working directory (through a symbolic link); only files under it can be read.");
        }

        return full;
    }

    /// <summary>The shown name of a full path: relative to the root, with '/' separators.</summary>
    public string Relative(string full) => System.IO.Path.GetRelativePath(Path, full).Replace('\\', '/');

    private static bool Inside(string full, string root) =>
        full == root || full.StartsWith(root.EndsWith(System.IO.Path.DirectorySeparatorChar) ? root : root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link among its existing components resolved (what <c>realpath</c> gives).</summary>
    private static string RealPathOf(string full)
    {
        var root = System.IO.Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(System.IO.Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = System.IO.Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                // Nothing further exists to be a link: the rest is taken as written.
                return System.IO.Path.Combine([current, .. parts[i..]]);
            }

            next = info.LinkTarget is null ? next : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
            current = next;
        }

        return current;
    }
}
