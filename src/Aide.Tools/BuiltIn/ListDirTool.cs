using System.Text;
using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary><c>list_dir</c>: the entries of a directory under the working directory (directories end in '/').</summary>
internal sealed class ListDirTool(WorkspaceRoot root) : BuiltInTool(
    "list_dir",
    "Lists a directory under the current working directory: one entry per line, directories ending in '/', files with their size in bytes.",
    """{"type":"object","properties":{"path":{"type":"string","description":"The directory, relative to the working directory; '.' by default."}}}""")
{
    private const int MaxEntries = 1_000;

    public override bool ReadOnly => true;

    protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var path = root.Resolve(OptionalString(arguments, "path") ?? ".");
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"There is no directory '{root.Relative(path)}'.");
        }

        var listing = new StringBuilder();
        var count = 0;
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (++count > MaxEntries)
            {
                listing.Append("[more entries not shown]\n");
                break;
            }

            listing.Append(entry.Name);
            listing.Append(entry is DirectoryInfo ? "/" : entry is FileInfo file ? $"  {file.Length}" : string.Empty);
            listing.Append('\n');
        }

        return ValueTask.FromResult<object?>(count == 0 ? "(empty directory)" : listing.ToString());
    }
}
