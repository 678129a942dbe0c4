using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aide.Cli.Tests.Support;

namespace Aide.Cli.Tests;

/// <summary><c>aide serve --history</c>: requests that name no session are kept, each as a conversation of its own.</summary>
public sealed class ServeHistoryTests : LoopbackTestBase
{
    [Fact]
    public async Task With_history_every_request_is_kept_whole_and_without_it_none_is()
    {
        Server.Default = Respond.Echo();
        var kept = ClosedPort.Number();
        await using (var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{kept}", "--provider", $"openai={Server.BaseUrl}", "--history"]))
        {
            await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
            using var http = new HttpClient();
            using var plain = await PostAsync(http, kept, """{"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"First question"},{"role":"assistant","content":"First answer"},{"role":"user","content":"Second question"}]}""");
            using var streamed = await PostAsync(http, kept, """{"stream":true,"messages":[{"role":"user","content":"Streamed question"}]}""");
            await streamed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        var list = await AideProcess.RunAsync(Home, "history", "list", "--json");
        var names = JsonNode.Parse(list.Stdout)!.AsArray().Select(c => (string)c!["name"]!).ToList();
        var shown = new List<string>();
        foreach (var name in names)
        {
            shown.Add((await AideProcess.RunAsync(Home, "history", "show", name)).Stdout);
        }

        Assert.Equal(2, names.Count);
        var whole = shown.Single(s => s.Contains("Second question", StringComparison.Ordinal));
        Assert.Contains("First question", whole, StringComparison.Ordinal);
        Assert.Contains("First answer", whole, StringComparison.Ordinal);
        Assert.Contains("echo: Second question", whole, StringComparison.Ordinal);
        Assert.Contains(shown, s => s.Contains("echo: Streamed question", StringComparison.Ordinal));

        var open = ClosedPort.Number();
        await using (var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{open}", "--provider", $"openai={Server.BaseUrl}"]))
        {
            await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
            using var http = new HttpClient();
            using var unkept = await PostAsync(http, open, """{"messages":[{"role":"user","content":"Not kept"}]}""");
            Assert.Equal(HttpStatusCode.OK, unkept.StatusCode);
        }

        var after = await AideProcess.RunAsync(Home, "history", "list", "--json");
        Assert.Equal(2, JsonNode.Parse(after.Stdout)!.AsArray().Count);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, int port, string json) =>
        http.PostAsync($"http://127.0.0.1:{port}/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}
