using System.Text;
using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary><c>read_file</c>: a text file under the working directory, from a line on, up to a bound.</summary>
internal sealed class ReadFileTool(WorkspaceRoot root) : BuiltInTool(
    "read_file",
    "Reads a text file under the current working directory. Paths are relative to it; '..' and absolute paths are refused.",
    """{"type":"object","properties":{"path":{"type":"string","description":"The file's path, relative to the working directory."},"start_line":{"type":"integer","description":"The first line to read (1-based); 1 by default."}},"required":["path"]}""")
{
    /// <summary>The most bytes read of one file: the guard bounds what the model gets anyway, this bounds memory.</summary>
    private const int MaxBytes = 1 << 20;

    public override bool ReadOnly => true;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var path = root.Resolve(RequiredString(arguments, "path"));
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"'{root.Relative(path)}' is a directory; use list_dir.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no file '{root.Relative(path)}'.");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.Asynchronous);
        var buffer = new byte[(int)Math.Min(stream.Length, MaxBytes)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0)
        {
            return $"'{root.Relative(path)}' is a binary file ({stream.Length:N0} bytes); only text files can be read.";
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var start = Math.Max(1, OptionalInt(arguments, "start_line") ?? 1);
        if (start > 1)
        {
            var lines = text.Split('\n');
            text = start > lines.Length ? string.Empty : string.Join('\n', lines.Skip(start - 1));
        }

        return stream.Length > MaxBytes ? text + $"\n[file is {stream.Length:N0} bytes; read the first {MaxBytes:N0}]" : text;
    }
}
