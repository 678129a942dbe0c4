using System.Text.RegularExpressions;
using Aide.Cli.Tests.Support;
using Aide.Models;
using Aide.Testing;

namespace Aide.Cli.Tests;

/// <summary><c>aide models pull|list|info|rm</c> against a real loopback HTTP server serving a real GGUF file.</summary>
public sealed class ModelsCommandTests : IAsyncLifetime
{
    private readonly TestHome _home = new();
    private LoopbackFileServer _server = null!;

    private string ModelsDirectory => Path.Combine(_home.DataDirectory, "models");

    private string Pulled => Path.Combine(ModelsDirectory, "tiny.gguf");

    public async ValueTask InitializeAsync()
    {
        var file = TinyLlamaModel.Write(Path.Combine(_home.Root, "source.gguf"));
        _server = await LoopbackFileServer.StartAsync(await File.ReadAllBytesAsync(file));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Pull_follows_the_hub_redirect_verifies_the_published_sha256_and_saves_the_file_privately()
    {
        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"SHA-256 {_server.Sha256} matches the SHA-256 the server published", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Pulled, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Pulled + ".part"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Pulled));
    }

    [Fact]
    public async Task An_interrupted_download_is_resumed_from_where_it_stopped()
    {
        _server.CutAfter = 512 * 1024;

        var cut = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl());

        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("Run the same command again to resume", cut.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Pulled), "no file may appear under the final name before it is complete");
        var kept = new FileInfo(Pulled + ".part").Length;
        Assert.InRange(kept, 1, _server.Content.Length - 1);

        var resumed = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl());

        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("resumed from", resumed.Stdout, StringComparison.Ordinal);
        Assert.Equal($"bytes={kept}-", _server.Ranges[^1]);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Pulled, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_wrong_checksum_is_rejected_and_nothing_is_kept()
    {
        var wrong = new string('0', 64);

        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl(), "--sha256", wrong);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"its SHA-256 is {_server.Sha256}, but the given --sha256 is {wrong}", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Pulled));
        Assert.False(File.Exists(Pulled + ".part"));
    }

    [Fact]
    public async Task Pull_force_keeps_the_good_copy_when_the_new_download_fails_its_check()
    {
        await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl());
        var good = await File.ReadAllBytesAsync(Pulled, TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl(), "--force", "--sha256", new string('0', 64));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(good, await File.ReadAllBytesAsync(Pulled, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Pulled + ".part"));
    }

    [Fact]
    public async Task Pull_force_replaces_the_copy_once_the_new_one_is_verified()
    {
        await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl());
        await File.WriteAllBytesAsync(Pulled, [1, 2, 3], TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl(), "--force");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(_server.Content, await File.ReadAllBytesAsync(Pulled, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missing_file_is_reported_as_not_found()
    {
        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.BaseUrl + "/files/absent.gguf");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("HTTP 404 (not found", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(ModelsDirectory));
    }

    [Fact]
    public async Task A_full_disk_is_reported_with_the_sizes_before_anything_is_written()
    {
        using var http = new HttpClient();
        var downloader = new ModelDownloader(http, freeSpace: _ => 1024);

        var error = await Assert.ThrowsAsync<ModelDownloadException>(() =>
            downloader.DownloadAsync(new Uri(_server.FileUrl()), Pulled, null, null, TestContext.Current.CancellationToken));

        Assert.Contains($"Not enough disk space in {ModelsDirectory}: the download needs {_server.Content.Length:N0} more bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("1,024 are free", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Pulled));
    }

    [Fact]
    public async Task Ctrl_c_during_a_download_keeps_the_partial_file_for_resuming()
    {
        _server.ChunkDelay = TimeSpan.FromMilliseconds(100);
        await using var aide = AideProcess.Start(_home, ["models", "pull", _server.FileUrl()]);
        var guard = Environment.TickCount64 + 30_000; // a hang guard, not a timing assertion
        while (!(File.Exists(Pulled + ".part") && new FileInfo(Pulled + ".part").Length > 0))
        {
            Assert.True(Environment.TickCount64 < guard, "the download never started");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await aide.SendInterruptAsync();
        var result = await aide.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("Download interrupted", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Pulled + ".part"));
        Assert.False(File.Exists(Pulled));
    }

    [Fact]
    public async Task List_shows_one_line_per_model_with_its_name_whole()
    {
        const string LongName = "qwen2.5-1.5b-instruct-q4_k_m-with-a-long-suffix";
        Directory.CreateDirectory(ModelsDirectory);
        TinyLlamaModel.Write(Path.Combine(ModelsDirectory, LongName + ".gguf"));

        var list = await AideProcess.RunAsync(_home, "models", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.Matches($@"(?m)^{Regex.Escape(LongName)} +\S+ MB +\d{{4}}-\d\d-\d\d \d\d:\d\d", list.Stdout); // whole at 80 columns
        Assert.Contains($"aide ask --provider local={LongName} \"hello\"", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_info_and_rm_show_and_remove_a_pulled_model()
    {
        Assert.Equal(0, (await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl())).ExitCode);

        var list = await AideProcess.RunAsync(_home, "models", "list", "--json");
        var info = await AideProcess.RunAsync(_home, "models", "info", "tiny", "--json", "--sha256");
        var removed = await AideProcess.RunAsync(_home, "models", "rm", "tiny");
        var again = await AideProcess.RunAsync(_home, "models", "rm", "tiny");

        Assert.Contains("\"name\":\"tiny\"", list.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\"name\":\"{ModelAlias.Default.Name}\"", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"architecture\":\"llama\"", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"trainedContext\":512", info.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\"sha256\":\"{_server.Sha256}\"", info.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        Assert.False(File.Exists(Pulled));
        Assert.Equal(2, again.ExitCode);
    }

    [Fact]
    public async Task Names_that_would_escape_the_models_folder_are_refused()
    {
        var result = await AideProcess.RunAsync(_home, "models", "pull", _server.FileUrl(), "--name", "../../evil.gguf");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a plain file name", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_home.DataDirectory, "evil.gguf")));
    }
}
