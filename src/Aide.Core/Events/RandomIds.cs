namespace Aide.Events;

/// <summary>
/// Ids that must be unique, not unpredictable (events, turns): random version-4 GUIDs from <see cref="Random.Shared"/>
/// (seeded once from the OS). <see cref="Guid.NewGuid"/> reads the OS generator on every call: a gateway request made
/// four such reads (strace), each a system call with the kernel's generator behind it, on the request's path.
/// </summary>
internal static class RandomIds
{
    /// <summary>A new random (version 4, RFC 9562 variant) GUID.</summary>
    public static Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4: the high nibble of the third group (little-endian layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // variant 10xx
        return new Guid(bytes);
    }

    /// <summary>A new random id as 32 lowercase hex digits.</summary>
    public static string NewHex() => NewGuid().ToString("N");
}
