namespace Aide.Server.Access;

/// <summary>The keys file's shape.</summary>
internal sealed class AccessKeyFile
{
    public int Version { get; set; } = 1;

    public List<AccessKey> Keys { get; set; } = [];
}
