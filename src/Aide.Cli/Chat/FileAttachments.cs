using System.Text;
using Aide.Storage;

namespace Aide.Cli.Chat;

/// <summary>
/// Text files added to a question (<c>aide ask -f FILE</c>, <c>/file PATH</c> in chat): each as its name and its
/// contents in a fence longer than any backtick run inside it, so the model sees where each file starts and ends.
/// Only UTF-8 text is taken (a NUL byte or invalid UTF-8 is refused as binary), each file up to
/// <see cref="MaxFileBytes"/>; the whole prompt stays within the input bound.
/// </summary>
internal static class FileAttachments
{
    /// <summary>The largest file attached (512 KiB, about 130,000 tokens: more than most models' whole window).</summary>
    public const long MaxFileBytes = 512 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads each file and returns them as one context block (empty for none).</summary>
    /// <exception cref="UsageException">A file is missing, not a regular file, too large, or not text.</exception>
    public static string Read(IReadOnlyList<string> paths)
    {
        var text = new StringBuilder();
        foreach (var path in paths)
        {
            text.Append(Block(path, ReadText(path))).Append("\n\n");
        }

        return text.ToString().TrimEnd();
    }

    internal static string ReadText(string path)
    {
        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "a file to attach");
        }
        catch (InputFileException e)
        {
            throw new UsageException($"Cannot attach {path}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot attach {path}: {e.Message}");
        }

        var body = bytes.AsSpan();
        if (body.StartsWith("\xEF\xBB\xBF"u8))
        {
            body = body[3..];
        }

        if (body.Contains((byte)0))
        {
            throw new UsageException($"Cannot attach {path}: it looks binary (it holds NUL bytes); only text files can be attached.");
        }

        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw new UsageException($"Cannot attach {path}: it is not UTF-8 text; only text files can be attached (convert it first, e.g. iconv -t UTF-8).");
        }
    }

    /// <summary>One file as the model gets it: its name, then its text in a fence no line of it can close.</summary>
    internal static string Block(string name, string content)
    {
        var longest = 0;
        for (var i = 0; i < content.Length;)
        {
            var run = 0;
            while (i < content.Length && content[i] == '`')
            {
                run++;
                i++;
            }

            longest = Math.Max(longest, run);
            i += run == 0 ? 1 : 0;
        }

        var fence = new string('`', Math.Max(3, longest + 1));
        var language = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
        return $"File: {name}\n{fence}{language}\n{content.TrimEnd('\n', '\r')}\n{fence}";
    }
}
