using System.CommandLine;
using Aide.Caching;
using Aide.Chat;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Conversations.Tokens;
using Aide.Conversations.Window;
using Aide.Events;
using Aide.Turns;

namespace Aide.Cli.Commands;

/// <summary><c>aide chat</c>: an interactive conversation with streaming answers and slash commands.</summary>
internal static class ChatCommand
{
    private static readonly string[] Help =
    [
        "/new            start a new conversation",
        "/session        show the conversation's name, size and window",
        "/clear          remove every message of this conversation (asks first)",
        "/model [NAME]   show the model, or switch to NAME",
        "/file PATH      attach a text file to your next message (/file alone lists what is attached)",
        "/usage          tokens and cost of this conversation, and the budget",
        "/retry          ask again a question an earlier, stopped aide left without an answer",
        "/help           this list",
        "/exit           leave (or Ctrl+D)",
        "End a line with \\ (or press Alt+Enter) to continue it; a line of \"\"\" starts and ends a multi-line block. Ctrl+C stops an answer.",
        "Keys: ←/→, Home/End (Ctrl+A/E), Ctrl+←/→ or Alt+B/F by word, Ctrl+W/Alt+D delete a word, Ctrl+U/Ctrl+K to the line's start/end, ↑/↓ earlier inputs, Tab completes.",
    ];

    public static Command Create(CliConsole console)
    {
        var options = new ChatOptions();
        var template = Templates.TemplateChoice.CreateOption();
        var quiet = AskCommand.QuietOption();
        var raw = AskCommand.RawOption();
        var command = new Command("chat", "Chat interactively: streaming answers, multi-line input, /help for commands.");
        var toolOptions = new Tools.ToolOptions();
        options.AddTo(command);
        toolOptions.AddTo(command);
        command.Options.Add(template);
        command.Options.Add(quiet);
        command.Options.Add(raw);
        command.SetAction((result, cancellationToken) => RunAsync(console, options.ToOverrides(result), result.GetValue(template), result.GetValue(quiet), !result.GetValue(raw), options.ToSessionChoice(result), options.ToCacheMode(result), toolOptions.ToChoice(result), cancellationToken));
        return command;
    }

    /// <summary>Nothing to talk to, at a terminal: offer to download the default small model and chat with it in-process.</summary>
    private static async Task<bool> OfferDefaultModelAsync(CliConsole console, NoProviderException none, CancellationToken cancellationToken)
    {
        await console.Error.WriteLineAsync(none.Message); // the getting-started lines, as without a terminal

        var alias = Models.ModelAlias.Default;
        await console.Error.WriteAsync($"Download {alias.Description} now and chat with it locally? [y/N] ");
        var answer = await console.In.ReadLineAsync(cancellationToken);
        if (answer?.Trim() is not ("y" or "Y" or "yes"))
        {
            return false;
        }

        return await ModelsCommand.PullAsync(console, alias.Name, null, null, force: false, cancellationToken) == ExitCodes.Ok;
    }

    private static async Task<int> RunAsync(CliConsole console, AideSettingsOverrides overrides, string? templateName, bool quiet, bool markdown, SessionChoice choice, ChatCacheMode cacheMode, Tools.ToolChoice toolChoice, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProviderSettings> providers;
        AideSettings settings;
        Templates.PromptTemplate? template;
        try
        {
            template = Templates.TemplateChoice.Load(console, templateName);
            if (template is { ParameterCount: > 0 })
            {
                throw new UsageException($"The template '{template.Name}' takes values ($1…) that a chat has no words for: use it with aide ask -t {template.Name} VALUE… QUESTION.");
            }

            settings = ProviderSelector.LoadSettings(console, overrides, template);
            try
            {
                providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
            }
            catch (NoProviderException none) when (!console.IsInputRedirected)
            {
                if (!await OfferDefaultModelAsync(console, none, cancellationToken))
                {
                    return ExitCodes.ConfigurationError;
                }

                providers = await ProviderSelector.SelectAsync(console, settings, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }

        var interactive = !console.IsInputRedirected;
        Action<string>? prompt = interactive ? text => console.Out.Write(text) : null;
        using var interrupts = new InterruptHandler();
        await using var runtime = new ChatRuntime(console, settings, cacheMode, savesTurns: true);
        IConversationStore? store;
        var conversation = new Conversation();
        try
        {
            store = ConversationHost.OpenStore(console, settings, runtime.LoggerFactory, choice);
            if (store is not null)
            {
                conversation.Session = await ConversationHost.OpenSessionAsync(store, choice, settings, providers[0], runtime, cancellationToken);
            }
            else
            {
                // History off: the list in memory gets the same window, so a long chat still fits the model.
                var model = providers[0].Model;
                conversation.MemoryWindow = new TokenBudgetChatReducer(
                    ConversationHost.WindowOptions(settings, model, providers[0].Kind), runtime.TokenCounterFor(model) ?? TokenCounters.ForModel(model));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }

        await using var storeLifetime = store;
        await using var meter = runtime.CreateMeter(store as Usage.IUsageLedger);
        var currency = settings.Budget?.Currency ?? "USD";
        var usage = await SessionUsage.LoadAsync(meter.Ledger, conversation.Session?.Conversation.Id, currency, cancellationToken);
        var client = runtime.CreateClient(providers);
        await using var tools = Tools.ToolSession.Create(console, settings, toolChoice, runtime.Bus);
        var attached = new List<(string Name, string Block)>();
        var failure = ExitCodes.Ok;
        try
        {
            if (interactive)
            {
                console.Error.WriteLine($"aide chat with {string.Join(", then ", providers)}. /help for commands, /exit or Ctrl+D to leave.");
                if (conversation.Session is { IsNew: false } resumed)
                {
                    console.Error.WriteLine($"Resuming '{resumed.Conversation.Name}' ({resumed.Conversation.MessageCount} messages).");
                }
            }

            var editor = interactive && console.IsOutputTerminal ? CreateEditor(console, settings, () => providers) : null;
            while ((editor is null ? ChatInputReader.Read(console.In, prompt) : ReadWithEditor(editor)) is { } typed)
            {
                var input = typed;
                if (string.IsNullOrWhiteSpace(input))
                {
                    continue;
                }

                if (input.StartsWith('/'))
                {
                    var (name, argument) = SplitCommand(input);
                    string? retry = null;
                    switch (name)
                    {
                        case "/exit" or "/quit":
                            return ExitCodes.Ok;
                        case "/new":
                            if (store is not null)
                            {
                                await ConversationHost.DiscardIfEmptyAsync(store, conversation.Session, choice);
                                choice = new SessionChoice(null, false);
                                conversation.Session = await ConversationHost.OpenSessionAsync(store, choice, settings, providers[0], runtime, cancellationToken);
                                console.Out.WriteLine($"Started a new conversation ({conversation.Session.Conversation.Name}).");
                                usage = new SessionUsage();
                            }
                            else
                            {
                                conversation.Reset();
                                console.Out.WriteLine("Started a new conversation.");
                                usage = new SessionUsage();
                            }

                            break;
                        case "/session":
                            console.Out.WriteLine(await conversation.DescribeAsync(settings.SystemPrompt, cancellationToken));
                            break;
                        case "/clear":
                            await ClearAsync(console, conversation, interactive, cancellationToken);
                            break;
                        case "/model" when argument.Length == 0:
                            console.Out.WriteLine($"Model: {providers[0].Model ?? "(provider default)"} on {providers[0].KindName}={providers[0].DisplayAddress}");
                            break;
                        case "/model":
                            try
                            {
                                providers = SwitchModel(console, settings, providers, argument);
                            }
                            catch (AideConfigurationException e)
                            {
                                console.WriteError(e.Message);
                                break;
                            }

                            client.Dispose();
                            client = runtime.CreateClient(providers);
                            console.Out.WriteLine($"Switched to {providers[0].Model ?? providers[0].DisplayAddress} on {providers[0].KindName}={providers[0].DisplayAddress}.");
                            break;
                        case "/usage":
                            foreach (var line in UsageLine.Totals(usage, await meter.BudgetStatusAsync(null)))
                            {
                                console.Out.WriteLine(line);
                            }

                            break;
                        case "/file" when argument.Length == 0:
                            console.Out.WriteLine(attached.Count == 0 ? "Nothing attached: /file PATH attaches a text file to your next message." : $"Attached to your next message: {string.Join(", ", attached.Select(a => a.Name))}.");
                            break;
                        case "/file":
                            try
                            {
                                var content = FileAttachments.ReadText(argument);
                                attached.Add((argument, FileAttachments.Block(argument, content)));
                                console.Out.WriteLine($"Attached {argument} ({content.Length:N0} characters); it goes with your next message.");
                            }
                            catch (UsageException e)
                            {
                                console.WriteError(e.Message);
                            }

                            break;
                        case "/retry" when conversation.Unanswered is { } unanswered:
                            // The question an earlier, stopped aide left without an answer: asked now, in its place.
                            conversation.Unanswered = null;
                            await conversation.Session!.RemoveMessageAsync(unanswered.Sequence, cancellationToken);
                            retry = unanswered.Content;
                            console.Out.WriteLine($"Asking again: {retry}");
                            break;
                        case "/retry":
                            console.Out.WriteLine("There is no unanswered question to ask again.");
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

                    if (retry is null)
                    {
                        continue;
                    }

                    input = retry;
                }

                if (attached.Count > 0)
                {
                    input = string.Join("\n\n", attached.Select(a => a.Block)) + "\n\n" + input;
                    attached.Clear();
                }

                if (template is not null)
                {
                    input = template.ComposeQuestion(input, []);
                }

                using var feedback = TurnFeedback.Start(console, runtime.Bus, providers[0], quiet);
                if (tools is not null)
                {
                    tools.HoldFeedback = () => feedback?.Hold();
                }

                var code = await RunTurnAsync(console, new ChatTurnRunner(client) { Meter = meter }, settings, conversation, input, interrupts, usage, feedback, tools, quiet, markdown, cancellationToken);
                if (interrupts.TerminatedExitCode is { } terminated)
                {
                    return terminated;
                }

                if (code != ExitCodes.Ok)
                {
                    failure = code;
                }
            }

            // At a terminal the user saw each error; a script reading the exit code learns that a turn failed.
            return interactive ? ExitCodes.Ok : failure;
        }
        finally
        {
            client.Dispose();
            if (store is not null)
            {
                await ConversationHost.DiscardIfEmptyAsync(store, conversation.Session, choice);
            }
        }
    }

    /// <summary>A failed or cancelled turn is reported and leaves the conversation as it was before it; returns the turn's exit code.</summary>
    private static async Task<int> RunTurnAsync(
        CliConsole console, ChatTurnRunner runner, AideSettings settings, Conversation conversation, string input, InterruptHandler interrupts, SessionUsage usage, TurnFeedback? feedback, Tools.ToolSession? tools, bool quiet, bool markdown, CancellationToken cancellationToken)
    {
        var turn = interrupts.BeginTurn(cancellationToken);
        using var scope = ChatTurnScope.Begin(conversation.Session?.Conversation.Name);
        var printer = new AnswerPrinter(console.Out, console.IsOutputTerminal, markdown && !console.NoColor);
        ChatTurnResult result;
        try
        {
            var request = new ChatTurnRequest
            {
                Question = input,
                Options = tools is null ? null : new Microsoft.Extensions.AI.ChatOptions { Tools = await tools.ForTurnAsync(turn.Token) },
                SystemPrompt = settings.SystemPrompt,
                Summarize = settings.Summarize,
                OnUpdate = (update, ct) =>
                {
                    if (update.Text.Length > 0)
                    {
                        feedback?.Answering();
                    }

                    return printer.WriteAsync(update, ct);
                },
                OnPrepared = prepared =>
                {
                    if (prepared.UnansweredQuestions.Count > 0)
                    {
                        conversation.Unanswered = prepared.UnansweredQuestions[^1];
                        UnansweredNotice.Write(console, conversation.Session?.Conversation.Name, prepared.UnansweredQuestions, "/retry asks the last one now.");
                    }
                },
            };
            try
            {
                result = await conversation.RunTurnAsync(runner, request, turn.Token);
            }
            finally
            {
                await printer.EndLineAsync();
                feedback?.Dispose();
            }

            feedback?.Answered(result, null);

            // After the answer, one quiet line on stderr: what it used and cost, and the session so far.
            if (result.UsageRecord is { } record)
            {
                usage.Add(record);
                if (!quiet)
                {
                    console.WriteStatus(UsageLine.Format(record, usage));
                }

                await UsageReporter.WarnIfNearBudgetAsync(console, runner.Meter!);
            }

            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (turn.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The user stopped the answer: not a failure of the turn. A kill or a closed terminal ends the chat too.
            console.Error.WriteLine("(answer cancelled)");
            return interrupts.TerminatedExitCode ?? ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is AideChatException or ContextWindowOverflowException or ConversationStoreException or Usage.BudgetExceededException)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
        finally
        {
            interrupts.EndTurn(turn);
        }
    }

    private static async Task ClearAsync(CliConsole console, Conversation conversation, bool interactive, CancellationToken cancellationToken)
    {
        if (conversation.Session is not { } session)
        {
            conversation.Reset();
            console.Out.WriteLine("Cleared.");
            return;
        }

        console.Out.Write($"Remove all {session.Conversation.MessageCount} messages of '{session.Conversation.Name}'? This cannot be undone. [y/N] ");
        var answer = console.In.ReadLine();
        if (!interactive)
        {
            console.Out.WriteLine();
        }

        if (answer?.Trim().ToLowerInvariant() is "y" or "yes")
        {
            var removed = await session.ClearAsync(cancellationToken);
            console.Out.WriteLine($"Cleared {removed.MessagesRemoved} messages.");
        }
        else
        {
            console.Out.WriteLine("Kept.");
        }
    }

    /// <summary>The terminal's input line, recalling inputs from the data folder when history is on (and only then).</summary>
    private static LineEditing.LineEditor CreateEditor(CliConsole console, AideSettings settings, Func<IReadOnlyList<ProviderSettings>> providers)
    {
        var path = settings.History ? Path.Combine(AidePaths.Resolve(console.Environment).DataDirectory, "chat-inputs.jsonl") : null;
        var commands = Help.Where(h => h.StartsWith('/')).Select(h => h.Split(' ')[0]).Append("/quit").ToList();
        var completions = new LineEditing.ChatCompletions(
            commands,
            () => providers().Where(p => p.Model is not null).Select(p => p.Model!).Concat(Completion.CompletionValues.ModelsOrNone()));
        return new LineEditing.LineEditor(
            console.Out,
            LineEditing.InputHistory.Load(path),
            completions.Complete,
            () => Console.ReadKey(intercept: true),
            () => CliConsole.TerminalWidth);
    }

    /// <summary>One message from the input line; a line of <c>"""</c> starts a block that runs to the next one, as when piped.</summary>
    private static string? ReadWithEditor(LineEditing.LineEditor editor)
    {
        var line = editor.ReadLine();
        if (line?.Trim() != "\"\"\"")
        {
            return line;
        }

        var block = new List<string>();
        while (editor.ReadLine(". ", ". ") is { } next && next.Trim() != "\"\"\"")
        {
            block.Add(next);
        }

        return string.Join('\n', block);
    }

    /// <summary>
    /// <c>/model NAME</c>: an alias is its target; <c>KIND/NAME</c> moves that kind's provider first; a bare name is the
    /// first provider's model, and the others of the failover list keep theirs.
    /// </summary>
    private static IReadOnlyList<ProviderSettings> SwitchModel(CliConsole console, AideSettings settings, IReadOnlyList<ProviderSettings> providers, string name)
    {
        var target = ModelAliases.Resolve(settings.Aliases, name);
        return ModelChoice.Qualified(target) is { } qualified
            ? ModelChoice.Prefer(providers, qualified.Kind, qualified.Name, console.Environment, $"/model {name}")
            : [providers[0].WithModel(target), .. providers.Skip(1)];
    }

    private static (string Name, string Argument) SplitCommand(string input)
    {
        var trimmed = input.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed.ToLowerInvariant(), string.Empty) : (trimmed[..space].ToLowerInvariant(), trimmed[(space + 1)..].Trim());
    }
}
