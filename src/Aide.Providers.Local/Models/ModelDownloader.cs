using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Aide.Storage;

namespace Aide.Models;

/// <summary>
/// Downloads a model file safely: into <c>NAME.part</c>, resuming a partial file with an HTTP range request, hashing
/// as it goes, checking the SHA-256 (given, or published by the server as Hugging Face does in <c>X-Linked-ETag</c>)
/// and the GGUF header, and only then renaming it to its final name. A file under the final name is always complete.
/// </summary>
public sealed partial class ModelDownloader
{
    private const int MaxRedirects = 8;
    private const int BufferBytes = 1 << 20;

    /// <summary>Space left free beyond the download, so pulling a model never fills the disk to the last byte.</summary>
    private const long FreeSpaceMargin = 64L << 20;

    private readonly HttpClient _http;
    private readonly Func<string, long> _freeSpace;

    /// <summary>Creates a downloader.</summary>
    /// <param name="http">The HTTP client (its redirects, if it follows none itself, are followed here).</param>
    /// <param name="freeSpace">Free bytes on the disk holding a folder; the default asks the file system.</param>
    public ModelDownloader(HttpClient http, Func<string, long>? freeSpace = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _freeSpace = freeSpace ?? (directory => new DriveInfo(directory).AvailableFreeSpace);
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="destination"/>, resuming <c>destination.part</c> if it exists.</summary>
    /// <param name="url">The file's address.</param>
    /// <param name="destination">The final path; a file there is replaced only once the new one is verified (<paramref name="replace"/>).</param>
    /// <param name="expectedSha256">The expected SHA-256 (hex), or <see langword="null"/> to use the one the server publishes, if any.</param>
    /// <param name="progress">Receives progress as bytes arrive.</param>
    /// <param name="cancellationToken">Stops the download; the partial file is kept for resuming.</param>
    /// <param name="replace">Whether a file already at <paramref name="destination"/> is replaced by the verified download (it stays untouched if the download fails).</param>
    /// <returns>The verified file.</returns>
    /// <exception cref="ModelDownloadException">The server refused, the connection dropped, the disk is full, or the file is not what was expected.</exception>
    public async Task<ModelDownloadResult> DownloadAsync(Uri url, string destination, string? expectedSha256, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        if (expectedSha256 is not null && !IsSha256(expectedSha256))
        {
            throw new ArgumentException($"'{expectedSha256}' is not a SHA-256: expected 64 hexadecimal digits.", nameof(expectedSha256));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        PrivateDirectory.Create(directory);
        var partial = destination + ModelStore.PartialExtension;
        var kept = File.Exists(partial) ? new FileInfo(partial).Length : 0;

        var (response, publishedSha) = await SendAsync(url, kept, cancellationToken);
        using (response)
        {
            var (offset, total) = Plan(response, url, kept);
            if (offset == 0 && kept > 0)
            {
                kept = 0; // The server ignored the range: start again.
            }

            var expected = (expectedSha256 ?? publishedSha)?.ToLowerInvariant();
            var source = expectedSha256 is not null ? "the given --sha256" : publishedSha is not null ? "the SHA-256 the server published" : null;
            if (total is { } size)
            {
                EnsureSpace(directory, size - offset);
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = OpenPartial(partial, offset))
            {
                if (offset > 0)
                {
                    await HashExistingAsync(file, offset, hash, cancellationToken);
                }

                if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    await CopyAsync(response, file, hash, offset, total, progress, url, cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                if (total is { } expectedLength && file.Length != expectedLength)
                {
                    throw new ModelDownloadException($"The download of {Shown(url)} ended at {file.Length:N0} of {expectedLength:N0} bytes; run the same command again to resume.");
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (expected is not null && actual != expected)
            {
                File.Delete(partial);
                throw new ModelDownloadException($"The file downloaded from {Shown(url)} is not the expected one: its SHA-256 is {actual}, but {source} is {expected}. The download was deleted; check the URL and the checksum.");
            }

            try
            {
                _ = GgufFile.Read(partial);
            }
            catch (InvalidModelFileException ex)
            {
                File.Delete(partial);
                throw new ModelDownloadException($"{Shown(url)} did not serve a usable GGUF model: {ex.Message} The download was deleted.", ex);
            }

            // Same folder, so the rename is atomic: the final name only ever holds a complete, verified file, and a copy
            // being replaced stays whole until the new one is.
            File.Move(partial, destination, overwrite: replace);
            return new ModelDownloadResult(destination, new FileInfo(destination).Length, actual, offset, source);
        }
    }

    /// <summary>An address as messages show it: its user information and query values (a token) hidden.</summary>
    private static string Shown(Uri url) => Diagnostics.AddressRedactor.Redact(url.OriginalString);

    /// <summary>Whether a string is a SHA-256 in hex.</summary>
    /// <param name="value">The string.</param>
    /// <returns><see langword="true"/> if it is 64 hex digits.</returns>
    public static bool IsSha256(string value) => Sha256Pattern().IsMatch(value);

    private async Task<(HttpResponseMessage Response, string? PublishedSha)> SendAsync(Uri url, long kept, CancellationToken cancellationToken)
    {
        string? published = null;
        var current = url;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (kept > 0)
            {
                request.Headers.Range = new RangeHeaderValue(kept, null);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new ModelDownloadException($"Cannot download {Shown(url)}: {ex.Message}", ex);
            }

            published ??= PublishedSha(response);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                response.Dispose();
                if (current.Scheme != Uri.UriSchemeHttps && current.Scheme != Uri.UriSchemeHttp)
                {
                    // A redirect to file:, ftp: or javascript: is never followed.
                    throw new ModelDownloadException($"Cannot download {Shown(url)}: the server redirected to {Shown(current)}, which is not an http(s) address.");
                }

                continue;
            }

            return (response, published);
        }

        throw new ModelDownloadException($"Cannot download {Shown(url)}: more than {MaxRedirects} redirects.");
    }

    /// <summary>Where the body starts in the file, and the file's full size if known.</summary>
    private static (long Offset, long? Total) Plan(HttpResponseMessage response, Uri url, long kept)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { From: { } from } range)
        {
            return from == kept
                ? (kept, range.Length)
                : throw new ModelDownloadException($"Cannot resume {Shown(url)}: the server sent bytes from {from:N0}, not {kept:N0}. Delete the .part file and pull again.");
        }

        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && kept > 0 && response.Content.Headers.ContentRange?.Length == kept)
        {
            return (kept, kept); // The earlier download had finished; only the checks and the rename were left.
        }

        if (response.IsSuccessStatusCode)
        {
            return (0, response.Content.Headers.ContentLength);
        }

        var hint = status switch
        {
            404 => " (not found: check the URL or the alias; 'aide models list' shows the aliases)",
            401 or 403 => " (the server wants credentials; gated models must be downloaded by hand)",
            416 => " (the partial download does not fit this file; delete the .part file and pull again)",
            _ => string.Empty,
        };
        throw new ModelDownloadException(string.Create(CultureInfo.InvariantCulture, $"Cannot download {Shown(url)}: HTTP {status}{hint}.")) { StatusCode = status };
    }

    private void EnsureSpace(string directory, long needed)
    {
        var free = _freeSpace(directory);
        if (free < needed + FreeSpaceMargin)
        {
            throw new ModelDownloadException(string.Create(CultureInfo.InvariantCulture,
                $"Not enough disk space in {directory}: the download needs {needed:N0} more bytes (plus a {FreeSpaceMargin >> 20} MB margin) and {free:N0} are free. Free some space, or set XDG_DATA_HOME to a bigger disk."));
        }
    }

    private static async Task CopyAsync(HttpResponseMessage response, FileStream file, IncrementalHash hash, long offset, long? total, IProgress<DownloadProgress>? progress, Uri url, CancellationToken cancellationToken)
    {
        var received = offset;
        var buffer = new byte[BufferBytes];
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            progress?.Report(new DownloadProgress(received, total, offset));
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                hash.AppendData(buffer, 0, read);
                received += read;
                progress?.Report(new DownloadProgress(received, total, offset));
            }
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            throw new ModelDownloadException($"The disk holding {file.Name} is full after {received:N0} bytes. Free some space and run the same command again to resume.", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ModelDownloadException($"The download of {Shown(url)} stopped after {received:N0} bytes: {ex.Message} Run the same command again to resume.", ex);
        }
    }

    private static async Task HashExistingAsync(FileStream file, long length, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        file.Position = 0;
        long done = 0;
        while (done < length)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - done)), cancellationToken);
            if (read == 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            done += read;
        }

        file.Position = length;
    }

    private static FileStream OpenPartial(string path, long offset)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, options);
        file.SetLength(offset);
        return file;
    }

    /// <summary>ENOSPC on Unix (28), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static bool IsDiskFull(IOException ex) => (ex.HResult & 0xFFFF) is 28 or 0x70 or 0x27;

    /// <summary>Hugging Face publishes an LFS file's SHA-256 as <c>X-Linked-ETag</c> (or <c>ETag</c> on the file itself).</summary>
    private static string? PublishedSha(HttpResponseMessage response)
    {
        foreach (var name in (string[])["X-Linked-ETag", "ETag"])
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                var value = values.First().Trim().TrimStart('W', '/').Trim('"');
                if (IsSha256(value))
                {
                    return value;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();
}
