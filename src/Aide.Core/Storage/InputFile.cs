using System.Globalization;
using System.Runtime.InteropServices;

namespace Aide.Storage;

/// <summary>
/// Reads a file a user named (config, import, prompt list, cache export, model) within bounds, after checking it is a
/// regular file: a FIFO would block the open until a writer comes (and a process blocked there ignored SIGTERM),
/// <c>/dev/zero</c> or <c>/dev/urandom</c> never end (4.2 GB read into memory before an out-of-memory error), and a
/// folder cannot be read at all. Each refusal is an <see cref="InputFileException"/> saying what the path is and what
/// was expected, so no command reports a stack trace for it.
/// </summary>
public static partial class InputFile
{
    /// <summary>What a path is.</summary>
    public enum Kind
    {
        /// <summary>Nothing there.</summary>
        Missing,

        /// <summary>A regular file (or a link to one).</summary>
        Regular,

        /// <summary>A folder.</summary>
        Directory,

        /// <summary>A device, FIFO or socket: not something to read as a file.</summary>
        Special,
    }

    /// <summary>Says what <paramref name="path"/> is, following links.</summary>
    public static Kind KindOf(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return Kind.Directory;
        }

        if (!File.Exists(path))
        {
            return Kind.Missing;
        }

        if (OperatingSystem.IsLinux() && ModeOf(path) is { } mode)
        {
            // S_IFMT and S_IFREG from <sys/stat.h>.
            return (mode & 0xF000) == 0x8000 ? Kind.Regular : Kind.Special;
        }

        // Elsewhere the type is not at hand; devices live under /dev.
        return path.StartsWith("/dev/", StringComparison.Ordinal) ? Kind.Special : Kind.Regular;
    }

    /// <summary>Checks that <paramref name="path"/> is a regular file of at most <paramref name="maxBytes"/>; returns its length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most it may hold.</param>
    /// <param name="what">What the file is for, as messages name it ("the config file", "an import").</param>
    /// <exception cref="InputFileException">It is missing, a folder, not a regular file, or too large.</exception>
    public static long Check(string path, long maxBytes, string what)
    {
        var kind = KindOf(path);
        if (kind != Kind.Regular)
        {
            throw new InputFileException(kind switch
            {
                Kind.Missing => $"{path} does not exist; {what} must be a file.",
                Kind.Directory => $"{path} is a folder; {what} must be a file.",
                _ => $"{path} is not a regular file (a device, pipe or socket); {what} must be an ordinary file.",
            });
        }

        var length = new FileInfo(path).Length;
        return length <= maxBytes
            ? length
            : throw new InputFileException(string.Create(CultureInfo.InvariantCulture, $"{path} is {length:N0} bytes; {what} may be at most {maxBytes:N0} bytes."));
    }

    /// <summary>Reads a checked file whole, never more than <paramref name="maxBytes"/> even if it grows meanwhile.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string what)
    {
        Check(path, maxBytes, what);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw new InputFileException(string.Create(CultureInfo.InvariantCulture, $"{path} grew past {maxBytes:N0} bytes while it was read; {what} may be at most {maxBytes:N0} bytes."));
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }

    /// <summary>Reads a checked file as UTF-8 text (see <see cref="ReadAllBytes"/>).</summary>
    public static string ReadAllText(string path, long maxBytes, string what) =>
        new StreamReader(new MemoryStream(ReadAllBytes(path, maxBytes, what)), detectEncodingFromByteOrderMarks: true).ReadToEnd();

    /// <summary>Whether the bytes look like binary data rather than text: a NUL, or many control characters.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        if (sample.Contains((byte)0))
        {
            return true;
        }

        var controls = 0;
        foreach (var b in sample)
        {
            controls += b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C) ? 1 : 0;
        }

        return controls * 20 > sample.Length; // over 5 %
    }

    /// <summary>The file's type and mode bits (<c>stx_mode</c>) from statx, whose layout is the same on every Linux architecture.</summary>
    private static unsafe int? ModeOf(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxType = 0x1;
        var buffer = stackalloc byte[256];
        try
        {
            return Statx(AtFdCwd, path, 0, StatxType, buffer) == 0 ? *(ushort*)(buffer + 28) : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    // glibc's soname, already loaded in every process: "libc" alone made the loader probe ~50 paths (strace). Elsewhere
    // (musl) the import fails and the type is not told apart.
    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
