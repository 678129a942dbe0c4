namespace Aide.Server.OpenAI;

/// <summary>
/// Answer and request ids (<c>chatcmpl-…</c>, <c>req_…</c>): a prefix and 24 random hex digits from
/// <see cref="Random.Shared"/>. They must be unique, not secret; <see cref="Guid.NewGuid"/> read the OS generator
/// (a system call) twice per request for them.
/// </summary>
internal static class ResponseIds
{
    public static string New(string prefix) => string.Create(prefix.Length + 24, prefix, static (id, prefix) =>
    {
        prefix.CopyTo(id);
        Span<byte> random = stackalloc byte[12];
        Random.Shared.NextBytes(random);
        Convert.TryToHexStringLower(random, id[prefix.Length..], out _);
    });
}
