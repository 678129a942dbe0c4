using Aide.Cli.Tests.Support;
using Aide.Testing;

namespace Aide.Cli.Tests;

/// <summary>Aide's folders are private whichever command creates them, and no temporary file outlives a killed write (issue 29).</summary>
public sealed class PrivateFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Models_pull_as_the_first_command_creates_every_folder_private()
    {
        var file = TinyLlamaModel.Write(Path.Combine(_home.Root, "source.gguf"));
        await using var server = await LoopbackFileServer.StartAsync(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));

        var result = await AideProcess.RunAsync(_home, "models", "pull", server.FileUrl());

        Assert.Equal(0, result.ExitCode);
        foreach (var folder in (string[])[Path.Combine(_home.Root, "data"), _home.DataDirectory, Path.Combine(_home.DataDirectory, "models")])
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(folder));
        }
    }

    [Fact]
    public async Task An_aide_folder_others_can_write_to_is_warned_about()
    {
        Directory.CreateDirectory(_home.DataDirectory);
        File.SetUnixFileMode(_home.DataDirectory, OwnerOnly | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var result = await AideProcess.RunAsync(_home, "config", "show");

        Assert.Contains("can be written by other users", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"chmod 700 {_home.DataDirectory}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_killed_config_write_is_removed_by_the_next_write()
    {
        var folder = Path.GetDirectoryName(_home.ConfigFile)!;
        Directory.CreateDirectory(folder);
        var stale = Path.Combine(folder, ".config.json.999999999.tmp");
        await File.WriteAllTextAsync(stale, "{\"timeout\":", TestContext.Current.CancellationToken);

        var result = await AideProcess.RunAsync(_home, "config", "set", "timeout", "30s");

        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(stale));
        Assert.Empty(Directory.GetFiles(folder, ".config.json.*.tmp"));
    }
}
