using System.Buffers.Binary;

namespace Aide.Storage;

/// <summary>
/// Reads an SQLite write-ahead log the way SQLite's recovery does (header, then frames whose salts match and whose
/// cumulative checksums verify) and says whether committed transactions follow the first frame that fails: SQLite
/// ignores a log from its first bad frame on, so those commits would vanish without a word, and the next write would
/// overwrite them. Frames with other salts are the leftovers of an earlier log generation (a log restarted after a
/// checkpoint), and a bad frame with no commit after it is a transaction that never committed: neither is damage.
/// </summary>
/// <remarks>By hand because SQLite reports nothing when it drops frames, and must be asked before it opens the file.</remarks>
internal static class WalInspection
{
    private const int HeaderBytes = 32;
    private const int FrameHeaderBytes = 24;

    /// <summary>What reading the log found.</summary>
    /// <param name="ValidFrames">Frames SQLite will read.</param>
    /// <param name="DroppedCommits">Committed transactions after the first bad frame, which SQLite will not read.</param>
    /// <param name="DroppedFrames">Frames of this log generation from the first bad one on.</param>
    public sealed record Result(int ValidFrames, int DroppedCommits, int DroppedFrames)
    {
        public bool LosesCommits => DroppedCommits > 0;
    }

    /// <summary>Inspects the log at <paramref name="walPath"/>; <see langword="null"/> when there is none or it is empty.</summary>
    public static Result? Inspect(string walPath)
    {
        byte[] log;
        try
        {
            var info = new FileInfo(walPath);
            if (!info.Exists || info.Length < HeaderBytes)
            {
                return null;
            }

            log = File.ReadAllBytes(walPath);
        }
        catch (IOException)
        {
            return null;
        }

        return Inspect(log);
    }

    internal static Result Inspect(ReadOnlySpan<byte> log)
    {
        var magic = BinaryPrimitives.ReadUInt32BigEndian(log);
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(log[8..]);
        var validHeader = (magic & 0xFFFFFFFE) == 0x377f0682 && pageSize is >= 512 and <= 65536 && (pageSize & (pageSize - 1)) == 0;
        var bigEndian = (magic & 1) == 1;
        if (!validHeader)
        {
            // Without a header nothing in the log can be read; a log of zeros is one SQLite never wrote.
            return log[HeaderBytes..].ContainsAnyExcept((byte)0) ? new Result(0, 1, (log.Length - HeaderBytes) / (FrameHeaderBytes + 512)) : new Result(0, 0, 0);
        }

        var salt1 = BinaryPrimitives.ReadUInt32BigEndian(log[16..]);
        var salt2 = BinaryPrimitives.ReadUInt32BigEndian(log[20..]);
        var (s0, s1) = Checksum(log[..24], bigEndian, 0, 0);
        var headerOk = s0 == BinaryPrimitives.ReadUInt32BigEndian(log[24..]) && s1 == BinaryPrimitives.ReadUInt32BigEndian(log[28..]);
        var frameBytes = FrameHeaderBytes + pageSize;
        var frames = (log.Length - HeaderBytes) / frameBytes;
        var valid = 0;
        var firstBad = -1;
        for (var i = 0; i < frames; i++)
        {
            var frame = log.Slice(HeaderBytes + (i * frameBytes), frameBytes);
            var sameLog = BinaryPrimitives.ReadUInt32BigEndian(frame[8..]) == salt1 && BinaryPrimitives.ReadUInt32BigEndian(frame[12..]) == salt2;
            if (!headerOk || !sameLog)
            {
                firstBad = i;
                break;
            }

            (s0, s1) = Checksum(frame[..8], bigEndian, s0, s1);
            (s0, s1) = Checksum(frame[FrameHeaderBytes..], bigEndian, s0, s1);
            if (s0 != BinaryPrimitives.ReadUInt32BigEndian(frame[16..]) || s1 != BinaryPrimitives.ReadUInt32BigEndian(frame[20..]))
            {
                firstBad = i;
                break;
            }

            valid++;
        }

        if (firstBad < 0)
        {
            return new Result(valid, 0, 0);
        }

        // What SQLite will not read: frames of this log (its salts) from the first bad one on, and the commits among them.
        int droppedFrames = 0, droppedCommits = 0;
        for (var i = firstBad; i < frames; i++)
        {
            var frame = log.Slice(HeaderBytes + (i * frameBytes), frameBytes);
            if (BinaryPrimitives.ReadUInt32BigEndian(frame[8..]) == salt1 && BinaryPrimitives.ReadUInt32BigEndian(frame[12..]) == salt2)
            {
                droppedFrames++;
                droppedCommits += BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) != 0 ? 1 : 0;
            }
        }

        return new Result(valid, droppedCommits, droppedFrames);
    }

    /// <summary>SQLite's WAL checksum: pairs of 32-bit words in the log's byte order, folded into (s0, s1).</summary>
    private static (uint S0, uint S1) Checksum(ReadOnlySpan<byte> data, bool bigEndian, uint s0, uint s1)
    {
        for (var i = 0; i + 8 <= data.Length; i += 8)
        {
            var x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            s0 += x0 + s1;
            s1 += x1 + s0;
        }

        return (s0, s1);
    }
}
