using Aide.Cli.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Aide.Cli.Tests;

/// <summary><c>aide mcp</c> as a real process, driven by the Model Context Protocol SDK's own client.</summary>
public sealed class McpServerCommandTests : LoopbackTestBase
{
    [Fact]
    public async Task An_mcp_client_asks_through_aide_then_finds_and_reads_the_conversation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(Transport("mcp", "--provider", $"openai={Server.BaseUrl}")), cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        Assert.Equal(["ask", "history_search", "history_show"], tools.Select(t => t.Name).Order().ToArray());
        Assert.True(tools.Single(t => t.Name == "history_search").ProtocolTool.Annotations?.ReadOnlyHint);

        var answer = await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "What is a zebra?", ["session"] = "animals" }, cancellationToken: ct);
        Assert.NotEqual(true, answer.IsError);
        Assert.Equal("Hello from loopback.", Assert.IsType<TextContentBlock>(answer.Content[0]).Text);
        Assert.Equal("What is a zebra?", Server.ChatRequests.Single().LastMessageContent);

        // Asked again: the response cache answers, the model is not called.
        await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Cache me" }, cancellationToken: ct);
        await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Cache me" }, cancellationToken: ct);
        Assert.Equal(2, Server.ChatRequests.Count);

        var found = await client.CallToolAsync("history_search", new Dictionary<string, object?> { ["query"] = "zebra" }, cancellationToken: ct);
        Assert.Contains("animals #1", Assert.IsType<TextContentBlock>(found.Content[0]).Text, StringComparison.Ordinal);

        var shown = await client.CallToolAsync("history_show", new Dictionary<string, object?> { ["name"] = "animals" }, cancellationToken: ct);
        Assert.Contains("Hello from loopback.", Assert.IsType<TextContentBlock>(shown.Content[0]).Text, StringComparison.Ordinal);

        var missing = await client.CallToolAsync("history_show", new Dictionary<string, object?> { ["name"] = "nope" }, cancellationToken: ct);
        Assert.True(missing.IsError);

        var resources = await client.ListResourcesAsync(cancellationToken: ct);
        var resource = Assert.Single(resources, r => r.Uri == "aide://conversations/animals");
        var read = await client.ReadResourceAsync(resource.Uri, cancellationToken: ct);
        Assert.Contains("What is a zebra?", Assert.IsType<TextResourceContents>(read.Contents[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_the_history_tools_work_and_ask_says_what_to_configure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(Transport("mcp")), cancellationToken: ct);

        var ask = await client.CallToolAsync("ask", new Dictionary<string, object?> { ["question"] = "Hi" }, cancellationToken: ct);
        var search = await client.CallToolAsync("history_search", new Dictionary<string, object?> { ["query"] = "anything" }, cancellationToken: ct);

        Assert.True(ask.IsError);
        Assert.Contains("--provider", Assert.IsType<TextContentBlock>(ask.Content[0]).Text, StringComparison.Ordinal);
        Assert.NotEqual(true, search.IsError);
        Assert.Contains("No saved message matches", Assert.IsType<TextContentBlock>(search.Content[0]).Text, StringComparison.Ordinal);
    }

    private StdioClientTransportOptions Transport(params string[] args)
    {
        var options = new StdioClientTransportOptions
        {
            Name = "aide",
            Command = AideProcess.Executable ?? "dotnet",
            Arguments = AideProcess.Executable is null ? ["exec", AideProcess.DllPath, .. args] : [.. args],
            EnvironmentVariables = new Dictionary<string, string?>(Home.Environment),
        };
        return options;
    }
}
