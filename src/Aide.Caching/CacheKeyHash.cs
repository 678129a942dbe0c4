using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Aide.Caching;

/// <summary>What events and logs say instead of a key: its XXH3-64 in hex. Keys may hold prompt text; hashes do not.</summary>
internal static class CacheKeyHash
{
    public static string Of(string key) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan())).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
