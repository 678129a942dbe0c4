using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Aide.Cli.Tests;

/// <summary>Damaged history is never lost silently: set aside visibly, reported until dealt with, recovered by the doctor (issue 28).</summary>
public sealed class DamagedStoreTests : LoopbackTestBase
{
    private Task<AideResult> Ask(params string[] args) =>
        AideProcess.RunAsync(Home, ["ask", "--provider", $"openai={Server.BaseUrl}", .. args]);

    [Fact]
    public async Task A_set_aside_store_is_reported_on_every_run_and_by_health_until_the_doctor_brings_it_back()
    {
        for (var i = 0; i < 3; i++)
        {
            await Ask("--session", "work", $"question {i}");
        }

        Checkpoint();
        ZeroByte(Home.DatabaseFile, 0);

        var first = await Ask("--session", "fresh", "after the damage");
        var second = await Ask("--session", "fresh", "and again");
        var health = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={Server.BaseUrl}");
        var doctor = await AideProcess.RunAsync(Home, "history", "doctor");
        var repair = await AideProcess.RunAsync(Home, "history", "doctor", "--repair");
        var list = await AideProcess.RunAsync(Home, "history", "list", "--json");
        var third = await Ask("--session", "fresh", "all well");
        var healthAfter = await AideProcess.RunAsync(Home, "health", "--json", "--provider", $"openai={Server.BaseUrl}");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains(".damaged-", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("aide history doctor", first.Stderr, StringComparison.Ordinal);
        Assert.Contains(".damaged-", second.Stderr, StringComparison.Ordinal); // again, until dealt with
        Assert.Equal(5, health.ExitCode);
        var store = JsonNode.Parse(health.Stdout)!["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "store conversations")!;
        Assert.Equal("unhealthy", store["level"]!.GetValue<string>());
        Assert.Contains(".damaged-", store["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, doctor.ExitCode);
        Assert.Contains("1 conversations, 6 messages", doctor.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, repair.ExitCode);
        Assert.Contains("Brought back 1 conversations (6 messages)", repair.Stdout, StringComparison.Ordinal);
        Assert.Equal(["fresh", "work"], JsonNode.Parse(list.Stdout)!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Order());
        Assert.DoesNotContain("damaged", third.Stderr, StringComparison.Ordinal);
        var storeAfter = JsonNode.Parse(healthAfter.Stdout)!["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "store conversations")!;
        Assert.Equal("healthy", storeAfter["level"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_store_cut_short_never_says_nothing_was_changed_and_points_to_the_doctor()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async s =>
        {
            for (var i = 0; i < 5; i++)
            {
                await Ask("--session", $"s{s}", $"question {i} {new string('x', 2000)}");
            }
        }));

        Checkpoint();
        using (var file = new FileStream(Home.DatabaseFile, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        var result = await Ask("--session", "s3", "more");
        var doctor = await AideProcess.RunAsync(Home, "history", "doctor");

        Assert.DoesNotContain("Nothing was changed", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, doctor.ExitCode);
        Assert.Contains("damaged", doctor.Stdout, StringComparison.Ordinal);
        Assert.Contains("can be read", doctor.Stdout, StringComparison.Ordinal);
    }

    private void Checkpoint()
    {
        using var connection = new SqliteConnection($"Data Source={Home.DatabaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    private static void ZeroByte(string path, long offset)
    {
        SqliteConnection.ClearAllPools();
        using var file = new FileStream(path, FileMode.Open);
        file.Position = offset;
        file.WriteByte(0);
    }
}
