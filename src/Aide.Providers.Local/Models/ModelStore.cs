namespace Aide.Models;

/// <summary>
/// The models folder (<c>DATA/models</c>): lists, finds and removes GGUF files. Names given by users are checked to be
/// plain file names, so no name can reach outside the folder.
/// </summary>
public sealed class ModelStore
{
    /// <summary>The extension of model files.</summary>
    public const string Extension = ".gguf";

    /// <summary>The suffix of a download in progress; a file only gets its final name once complete and verified.</summary>
    public const string PartialExtension = ".part";

    /// <summary>Creates a store over a folder (nothing is created until a model is pulled).</summary>
    /// <param name="directory">The models folder.</param>
    public ModelStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the models folder.</summary>
    public string Directory { get; }

    /// <summary>Lists the complete model files, by name.</summary>
    /// <returns>The models; empty if the folder does not exist.</returns>
    public IReadOnlyList<ModelFile> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return new DirectoryInfo(Directory).EnumerateFiles("*" + Extension)
            .Select(f => new ModelFile(Path.GetFileNameWithoutExtension(f.Name), f.FullName, f.Length, f.LastWriteTimeUtc))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// Finds a model by what a user typed: an existing file path, the name of a file in the models folder (with or
    /// without <c>.gguf</c>), or an alias whose file has been pulled.
    /// </summary>
    /// <param name="pathOrName">A path, a name or an alias.</param>
    /// <returns>The file's full path, or <see langword="null"/> if there is none.</returns>
    public string? Find(string pathOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        if (LooksLikePath(pathOrName))
        {
            var full = Path.GetFullPath(ExpandHome(pathOrName));
            return File.Exists(full) ? full : null;
        }

        // A bare file name of an existing .gguf in the current folder is that file, as a path would be.
        if (pathOrName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && File.Exists(pathOrName))
        {
            return Path.GetFullPath(pathOrName);
        }

        if (ModelAlias.Find(pathOrName) is { } alias && File.Exists(Path.Combine(Directory, alias.FileName)))
        {
            return Path.Combine(Directory, alias.FileName);
        }

        var file = Path.Combine(Directory, WithExtension(pathOrName));
        return IsPlainName(pathOrName) && File.Exists(file) ? file : null;
    }

    /// <summary>The path a model of this file name is saved to; the name must be a plain file name.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>The full path in the models folder.</returns>
    /// <exception cref="ArgumentException">The name is not a plain file name.</exception>
    public string PathFor(string fileName)
    {
        if (!IsPlainName(fileName))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name: use letters, digits, '.', '-' and '_'.", nameof(fileName));
        }

        return Path.Combine(Directory, WithExtension(fileName));
    }

    /// <summary>Removes a model (and any partial download of it).</summary>
    /// <param name="name">The model's name, file name or alias.</param>
    /// <returns>The removed file's path, or <see langword="null"/> if there was no such model.</returns>
    public string? Remove(string name)
    {
        var fileName = ModelAlias.Find(name)?.FileName ?? name;
        var path = PathFor(fileName);
        var partial = path + PartialExtension;
        var existed = File.Exists(path) || File.Exists(partial);
        File.Delete(path);
        File.Delete(partial);
        return existed ? path : null;
    }

    /// <summary>Whether a string names a file by path rather than by name (it has a directory separator).</summary>
    /// <param name="value">The string.</param>
    /// <returns><see langword="true"/> for paths.</returns>
    public static bool LooksLikePath(string value) =>
        value.Contains('/', StringComparison.Ordinal) || value.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || value.StartsWith('~');

    /// <summary>Config files and environment variables are not expanded by a shell: <c>~/models/x.gguf</c> means the home folder.</summary>
    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : string.Empty)
            : path;

    private static string WithExtension(string name) =>
        name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name : name + Extension;

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 200 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
