using System.ClientModel;
using System.Text;
using Aide.Cli.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace Aide.Cli.Tests;

/// <summary><c>aide serve</c> with tools: a client's own tools passed through in OpenAI's format, and the server's (--server-tools).</summary>
public sealed class ServeToolTests : LoopbackTestBase
{
    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool(
        "get_weather", "The weather in a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    private readonly List<AideProcess> _servers = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_clients_tools_go_to_the_model_and_its_tool_calls_come_back_whole_then_streamed()
    {
        var client = await StartAsync();
        Server.Enqueue(Respond.ToolCall("get_weather", """{"city":"Oslo"}"""));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Weather in Oslo?")], new ChatCompletionOptions { Tools = { Weather } }, TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("call_1", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Oslo", System.Text.Json.JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());
        var sent = Server.ChatRequests[0].Json!;
        Assert.Equal("get_weather", (string?)sent["tools"]![0]!["function"]!["name"]);

        // The client runs its tool and sends the result back: the model gets the call and the result in OpenAI's form.
        Server.Enqueue(Respond.ToolCall("get_weather", """{"city":"Bergen"}""", "call_9"));
        var name = new StringBuilder();
        var arguments = new StringBuilder();
        string? id = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Weather in Oslo?"), new AssistantChatMessage(completion), new ToolChatMessage("call_1", "sunny, 21 °C")],
            new ChatCompletionOptions { Tools = { Weather } },
            TestContext.Current.CancellationToken))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                id ??= part.ToolCallId;
                name.Append(part.FunctionName);
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("call_9", id);
        Assert.Equal("get_weather", name.ToString());
        Assert.Equal("""{"city":"Bergen"}""", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        var second = Server.ChatRequests[1].Json!["messages"]!.AsArray();
        Assert.Equal("call_1", (string?)second[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)second[2]!["role"]);
        Assert.Equal("call_1", (string?)second[2]!["tool_call_id"]);
        Assert.Equal("sunny, 21 °C", (string?)second[2]!["content"]);
    }

    [Fact]
    public async Task With_server_tools_a_request_without_tools_gets_the_servers_mcp_tools_run_on_the_server()
    {
        var state = Path.Combine(Home.Root, "mcp-state");
        Directory.CreateDirectory(state);
        var client = await StartAsync("--server-tools", "--mcp", McpTestServer.Flag(state));
        Server.Enqueue(Respond.ToolCall("echo", """{"text":"ping"}"""), Respond.Answer("The server said echo: ping."));

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Echo ping")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("The server said echo: ping.", completion.Content[0].Text);
        Assert.Empty(completion.ToolCalls);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(2, Server.ChatRequests.Count);
        Assert.Equal("echo: ping", (string?)Server.ChatRequests[1].Json!["messages"]!.AsArray()[^1]!["content"]);
    }

    private async Task<ChatClient> StartAsync(params string[] extra)
    {
        var port = ClosedPort.Number();
        var aide = AideProcess.Start(Home, ["serve", "--listen", $"127.0.0.1:{port}", "--provider", $"openai={Server.BaseUrl}", .. extra]);
        _servers.Add(aide);
        await aide.WaitForStdoutAsync("Aide serves the OpenAI API");
        return new ChatClient("gpt-4o-mini", new ApiKeyCredential("any"), new OpenAIClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1") });
    }
}
