using System.Security.Cryptography;
using System.Text;

namespace Aide.Conversations;

/// <summary>An entity found in a message: its kind and normalised text; equal entities have equal <see cref="Id"/>s.</summary>
/// <param name="Kind">The kind (see <see cref="EntityKinds"/>).</param>
/// <param name="Text">The normalised text.</param>
public readonly record struct DetectedEntity(string Kind, string Text)
{
    /// <summary>Gets a stable id: the kind and a hash of the case-folded text, so "GitHub.com" and "github.com" are one entity.</summary>
    public string Id
    {
        get
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes(Text.ToUpperInvariant()), hash);
            return $"{Kind}:{Convert.ToHexStringLower(hash[..6])}";
        }
    }
}
