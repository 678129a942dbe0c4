using System.CommandLine;
using Aide.Chat;
using Aide.Cli.Chat;
using Aide.Configuration;
using Microsoft.Extensions.AI;

namespace Aide.Cli.Commands;

/// <summary><c>aide chat</c>: an interactive conversation with streaming answers and slash commands.</summary>
internal static class ChatCommand
{
    private static readonly string[] Help =
    [
        "/new            start a new conversation",
        "/model [NAME]   show the model, or switch to NAME",
        "/help           this list",
        "/exit           leave (or Ctrl+D)",
        "End a line with \\ to continue it; a line of \"\"\" starts and ends a multi-line block. Ctrl+C stops an answer.",
    ];

    public static Command Create(CliConsole console)
    {
        var options = new ChatOptions();
        var command = new Command("chat", "Chat interactively: streaming answers, multi-line input, /help for commands.");
        options.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(console, options.ToOverrides(result), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, AideSettingsOverrides overrides, CancellationToken cancellationToken)
    {
        ProviderSettings provider;
        AideSettings settings;
        try
        {
            settings = ProviderSelector.LoadSettings(console, overrides);
            provider = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }

        var interactive = !console.IsInputRedirected;
        Action<string>? prompt = interactive ? text => console.Out.Write(text) : null;
        using var interrupts = new InterruptHandler();
        await using var runtime = new ChatRuntime(console, settings);
        var client = runtime.CreateClient(provider);
        var history = NewConversation(settings);
        try
        {
            if (interactive)
            {
                console.Error.WriteLine($"aide chat with {provider}. /help for commands, /exit or Ctrl+D to leave.");
            }

            while (ChatInputReader.Read(console.In, prompt) is { } input)
            {
                if (string.IsNullOrWhiteSpace(input))
                {
                    continue;
                }

                if (input.StartsWith('/'))
                {
                    var (name, argument) = SplitCommand(input);
                    switch (name)
                    {
                        case "/exit" or "/quit":
                            return ExitCodes.Ok;
                        case "/new":
                            history = NewConversation(settings);
                            console.Out.WriteLine("Started a new conversation.");
                            break;
                        case "/model" when argument.Length == 0:
                            console.Out.WriteLine($"Model: {provider.Model ?? "(provider default)"} on {provider.KindName}={provider.Address}");
                            break;
                        case "/model":
                            provider = provider.WithModel(argument);
                            client.Dispose();
                            client = runtime.CreateClient(provider);
                            console.Out.WriteLine($"Switched to {argument}.");
                            break;
                        case "/help":
                            foreach (var line in Help)
                            {
                                console.Out.WriteLine(line);
                            }

                            break;
                        default:
                            console.WriteError($"Unknown command {name}; /help lists them.");
                            break;
                    }

                    continue;
                }

                await RunTurnAsync(console, client, history, input, interrupts, cancellationToken);
            }

            return ExitCodes.Ok;
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>A failed or cancelled turn is reported and leaves the conversation as it was before it.</summary>
    private static async Task RunTurnAsync(CliConsole console, IChatClient client, List<ChatMessage> history, string input, InterruptHandler interrupts, CancellationToken cancellationToken)
    {
        history.Add(new ChatMessage(ChatRole.User, input));
        var turn = interrupts.BeginTurn(cancellationToken);
        try
        {
            var answer = await TurnStreamer.StreamAsync(client, history, console.Out, TimeProvider.System, turn.Token);
            history.Add(new ChatMessage(ChatRole.Assistant, answer.Text));
        }
        catch (OperationCanceledException) when (turn.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            history.RemoveAt(history.Count - 1);
            console.Error.WriteLine("(answer cancelled)");
        }
        catch (AideChatException ex)
        {
            history.RemoveAt(history.Count - 1);
            ErrorReporter.Report(console, ex, json: false);
        }
        finally
        {
            interrupts.EndTurn(turn);
        }
    }

    private static List<ChatMessage> NewConversation(AideSettings settings) =>
        settings.SystemPrompt is { } system ? [new ChatMessage(ChatRole.System, system)] : [];

    private static (string Name, string Argument) SplitCommand(string input)
    {
        var trimmed = input.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed.ToLowerInvariant(), string.Empty) : (trimmed[..space].ToLowerInvariant(), trimmed[(space + 1)..].Trim());
    }
}
