using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aide.Server.OpenAI;
using Aide.Storage;

namespace Aide.Server.Access;

/// <summary>
/// The gateway's access keys, in one JSON file private to the user (0600, written atomically). Only a salted SHA-256 of
/// each key is kept: the keys are 256 random bits, so a slow password hash would add nothing but latency to every
/// request. A running server sees created and revoked keys within a second (the file is re-read when it changes).
/// </summary>
public sealed partial class AccessKeyStore
{
    private const long MaxFileBytes = 1 << 20;
    private const string Prefix = "aide-";
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (DateTime WrittenAt, long Length, IReadOnlyList<AccessKey> Keys, (byte[] Salt, byte[] Hash)[] Secrets)? _loaded;
    private long _checkedAt = long.MinValue;
    private readonly Dictionary<string, Usage.UsageBudget> _budgets = new(StringComparer.Ordinal);

    /// <summary>Creates the store over <paramref name="path"/> (created on the first key).</summary>
    /// <param name="path">The keys file.</param>
    /// <param name="timeProvider">The clock (default system).</param>
    public AccessKeyStore(string path, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the keys (none when the file does not exist).</summary>
    /// <returns>The keys.</returns>
    public IReadOnlyList<AccessKey> List() => Current();

    /// <summary>Creates a key and returns it: the only time it is shown.</summary>
    /// <param name="name">A name: letters, digits, '.', '_' or '-', up to 64 characters, not in use.</param>
    /// <param name="requestsPerMinute">The key's request limit, or <see langword="null"/>.</param>
    /// <param name="tokensPerMinute">The key's token limit (prompt and answer), or <see langword="null"/>.</param>
    /// <param name="budget">What requests with the key may spend per period, or <see langword="null"/>.</param>
    /// <returns>The stored record and the key.</returns>
    /// <exception cref="ArgumentException">The name is invalid or in use.</exception>
    public (AccessKey Record, string Key) Create(string name, int? requestsPerMinute = null, int? tokensPerMinute = null, Usage.UsageBudget? budget = null)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a key name: use letters, digits, '.', '_' or '-' (up to 64).", nameof(name));
        }

        if (requestsPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), "The request limit must be at least 1 per minute.");
        }

        if (tokensPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tokensPerMinute), "The token limit must be at least 1 per minute.");
        }

        var keys = Read();
        if (keys.Any(k => k.Name == name))
        {
            throw new ArgumentException($"A key named '{name}' exists: revoke it first, or pick another name.", nameof(name));
        }

        var key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var salt = RandomNumberGenerator.GetBytes(16);
        var record = new AccessKey(name, Convert.ToBase64String(salt), Convert.ToBase64String(Hash(salt, key)), requestsPerMinute, _time.GetUtcNow()) { TokensPerMinute = tokensPerMinute, Budget = budget?.ToString() };
        Write([.. keys, record]);
        return (record, key);
    }

    /// <summary>Revokes the key named <paramref name="name"/>.</summary>
    /// <param name="name">The key's name.</param>
    /// <returns>Whether a key was revoked.</returns>
    public bool Revoke(string name)
    {
        var keys = Read();
        if (!keys.Any(k => k.Name == name))
        {
            return false;
        }

        Write([.. keys.Where(k => k.Name != name)]);
        return true;
    }

    /// <summary>Sets, raises or removes a key's budget; a running server applies it within a second.</summary>
    /// <param name="name">The key's name.</param>
    /// <param name="budget">The new budget, or <see langword="null"/> for none.</param>
    /// <returns>Whether the key exists.</returns>
    public bool SetBudget(string name, Usage.UsageBudget? budget)
    {
        var keys = Read();
        var index = keys.FindIndex(k => k.Name == name);
        if (index < 0)
        {
            return false;
        }

        keys[index] = keys[index] with { Budget = budget?.ToString() };
        Write(keys);
        return true;
    }

    /// <summary>The budget of the key named <paramref name="name"/>, as the file holds it now.</summary>
    /// <param name="name">The key's name.</param>
    /// <returns>The budget, or <see langword="null"/> for none (or an unreadable one, which the keys file check reports).</returns>
    public Usage.UsageBudget? BudgetOf(string name)
    {
        var text = Current().FirstOrDefault(k => k.Name == name)?.Budget;
        if (text is null)
        {
            return null;
        }

        lock (_budgets)
        {
            if (!_budgets.TryGetValue(text, out var budget))
            {
                try
                {
                    budget = Usage.UsageBudget.Parse(text);
                }
                catch (FormatException)
                {
                    throw new InvalidDataException($"The access keys file {_path} is damaged (the key '{name}' has the budget '{text}', which is not AMOUNT/PERIOD); fix it with aide keys budget {name} AMOUNT/PERIOD.");
                }

                _budgets[text] = budget;
            }

            return budget;
        }
    }

    /// <summary>Finds the key a bearer token is, comparing hashes in constant time.</summary>
    internal AccessKey? Verify(string token)
    {
        AccessKey? found = null;
        var (_, _, keys, secrets) = Loaded();
        for (var i = 0; i < keys.Count; i++)
        {
            // Every key is compared, so the time taken says nothing about which one (or whether any) matched.
            if (CryptographicOperations.FixedTimeEquals(Hash(secrets[i].Salt, token), secrets[i].Hash))
            {
                found = keys[i];
            }
        }

        return found;
    }

    /// <summary>The keys as the file holds them now, re-read at most once a second and only when it changed.</summary>
    internal IReadOnlyList<AccessKey> Current() => Loaded().Keys;

    /// <summary>The keys and their decoded salts and hashes (decoded once per read of the file, not per request).</summary>
    private (DateTime WrittenAt, long Length, IReadOnlyList<AccessKey> Keys, (byte[] Salt, byte[] Hash)[] Secrets) Loaded()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_loaded is { } loaded && _time.GetElapsedTime(_checkedAt, now) < TimeSpan.FromSeconds(1))
            {
                return loaded;
            }

            _checkedAt = now;
            var info = new FileInfo(_path);
            if (!info.Exists)
            {
                _loaded = (default, 0, [], []);
            }
            else if (_loaded is not { } known || known.WrittenAt != info.LastWriteTimeUtc || known.Length != info.Length)
            {
                var keys = Read();
                _loaded = (info.LastWriteTimeUtc, info.Length, keys, [.. keys.Select(Decode)]);
            }

            return _loaded.Value;
        }
    }

    private List<AccessKey> Read()
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        try
        {
            var file = JsonSerializer.Deserialize(InputFile.ReadAllBytes(_path, MaxFileBytes, "the access keys file"), OpenAIJsonContext.Default.AccessKeyFile);
            return file?.Keys ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The access keys file {_path} is damaged ({e.Message}); fix or remove it (every key in it is then lost).", e);
        }
    }

    /// <summary>A key's salt and hash as bytes; a value that is not base64 means the file was edited or damaged.</summary>
    private (byte[] Salt, byte[] Hash) Decode(AccessKey key)
    {
        try
        {
            return (Convert.FromBase64String(key.Salt), Convert.FromBase64String(key.Hash));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"The access keys file {_path} is damaged (the key '{key.Name}' has a salt or hash that is not base64); fix or remove it (every key in it is then lost).", e);
        }
    }

    private void Write(List<AccessKey> keys)
    {
        PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(_path))!);
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(new AccessKeyFile { Keys = keys }, OpenAIJsonContext.Default.AccessKeyFile));
        lock (_gate)
        {
            _loaded = null;
        }
    }

    private static byte[] Hash(byte[] salt, string key) => SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(key)]);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
