using System.CommandLine;
using System.Text.Json;
using Aide.Caching;
using Aide.Cli.Chat;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Cli.Templates;
using Aide.Configuration;
using Aide.Conversations;
using Aide.Events;
using Aide.Turns;

namespace Aide.Cli.Commands;

/// <summary><c>aide ask "question"</c>: one question, one streamed answer; piped stdin becomes context.</summary>
internal static class AskCommand
{
    public static Command Create(CliConsole console, bool hasDoubleDash)
    {
        var question = new Argument<string[]>("question") { Description = "The question (words are joined with spaces).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON result (text, provider, model, token usage, latency) instead of streaming text." };
        var noStdin = new Option<bool>("--no-stdin") { Description = "Do not read piped standard input as context." };
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Add a text file's contents (with its name) to the question; repeat for more. Up to 512 KB each, UTF-8 text only.",
            HelpName = "FILE",
            Arity = ArgumentArity.OneOrMore,
        };
        var template = TemplateChoice.CreateOption();
        var quiet = QuietOption();
        var raw = RawOption();
        var usage = new Option<bool>("--usage") { Description = "After the answer, print its tokens, context fill and cost (and the conversation's) to standard error." };
        var options = new ChatOptions();
        var toolOptions = new Tools.ToolOptions();
        var command = new Command("ask", "Ask one question and stream the answer. Piped input is added as context: git diff | aide ask \"review this\"");
        command.Arguments.Add(question);
        command.AddValidator(result =>
        {
            // An unknown option would otherwise be sent to the model as part of the question; after "--" anything goes.
            if (!hasDoubleDash && result.GetValue(question)?.FirstOrDefault(w => w.StartsWith("--", StringComparison.Ordinal)) is { } unknown)
            {
                result.AddError($"Unknown option '{unknown}'. To ask a question that starts with dashes, put -- before it: aide ask -- \"{unknown} …\"");
            }
        });
        command.Options.Add(json);
        command.Options.Add(noStdin);
        command.Options.Add(usage);
        command.Options.Add(files);
        command.Options.Add(template);
        command.Options.Add(quiet);
        command.Options.Add(raw);
        options.AddTo(command);
        toolOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => RunAsync(
            console,
            result.GetValue(template),
            result.GetValue(question) ?? [],
            result.GetValue(json),
            result.GetValue(usage),
            result.GetValue(quiet),
            !result.GetValue(raw),
            !result.GetValue(noStdin) && console.IsInputRedirected,
            result.GetValue(files) ?? [],
            options.ToOverrides(result),
            options.ToSessionChoice(result),
            options.ToCacheMode(result),
            toolOptions.ToChoice(result),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliConsole console, string? templateName, string[] words, bool json, bool showUsage, bool quiet, bool markdown, bool readStdin, string[] files, AideSettingsOverrides overrides, SessionChoice choice, ChatCacheMode cacheMode, Tools.ToolChoice toolChoice, CancellationToken cancellationToken)
    {
        using var interrupts = new InterruptHandler();
        var turn = interrupts.BeginTurn(cancellationToken);
        using var scope = ChatTurnScope.Begin(choice.Name);
        Task<IConversationStore?>? opening = null;
        IConversationStore? store = null;
        ConversationSession? session = null;
        try
        {
            // The conversation file opens while the input is read, the provider chosen and the pipeline built: its
            // opening (after SQLite's loading, on the opening thread) is what a cached answer waits for longest.
            var template = TemplateChoice.Load(console, templateName);
            var (arguments, questionWords) = TemplateChoice.SplitArguments(template, words);
            var question = string.Join(' ', questionWords);
            var settings = ProviderSelector.LoadSettings(console, overrides, TemplateChoice.ForSettings(template, arguments));
            opening = ConversationHost.StartOpeningStore(console, settings, choice);
            var context = readStdin ? await StdinReader.ReadAsync(console.In, AideDefaults.MaxInputChars, turn.Token) : string.Empty;
            var input = ComposePrompt(question, files.Length == 0 ? context : $"{context.TrimEnd()}\n\n{FileAttachments.Read(files)}".TrimStart(), template?.Prompt is not null);
            var prompt = template is null ? input : template.ComposeQuestion(input, arguments);
            var providers = await ProviderSelector.SelectAsync(console, settings, turn.Token);
            await using var runtime = new ChatRuntime(console, settings, cacheMode, savesTurns: true);
            using var client = runtime.CreateClient(providers);
            var printer = json ? null : new AnswerPrinter(console.Out, console.IsOutputTerminal, markdown && !console.NoColor);
            using var feedback = json ? null : TurnFeedback.Start(console, runtime.Bus, providers[0], quiet);
            await using var tools = Tools.ToolSession.Create(console, settings, toolChoice, runtime.Bus);
            if (tools is not null)
            {
                tools.HoldFeedback = () => feedback?.Hold();
            }

            var request = new ChatTurnRequest
            {
                Options = tools is null ? null : new Microsoft.Extensions.AI.ChatOptions { Tools = await tools.ForTurnAsync(turn.Token) },
                Question = prompt,
                SystemPrompt = settings.SystemPrompt,
                Summarize = settings.Summarize,
                OnUpdate = printer is null ? null : (update, ct) =>
                {
                    if (update.Text.Length > 0)
                    {
                        feedback?.Answering();
                    }

                    return printer.WriteAsync(update, ct);
                },
                OnPrepared = prepared => UnansweredNotice.Write(console, session?.Conversation.Name, prepared.UnansweredQuestions, "ask it again to include it."),

                // The answer is out: the cache's read records are written beside the answer's save, not after it.
                OnAnswered = () => runtime.Cache?.FlushInBackground(),
            };
            store = CliHost.Opener.Wait(opening);
            await using var meter = runtime.CreateMeter(store as Usage.IUsageLedger);
            var runner = new ChatTurnRunner(client) { Meter = meter };
            ChatTurnResult answer;
            try
            {
                if (store is not null)
                {
                    session = await ConversationHost.OpenSessionAsync(store, choice, settings, providers[0], runtime, turn.Token, question.Length > 0 ? question : templateName);
                    answer = await runner.RunAsync(request, session, turn.Token);
                }
                else
                {
                    answer = await runner.RunAsync(request, turn.Token);
                }
            }
            finally
            {
                if (printer is not null)
                {
                    await printer.EndLineAsync();
                }
            }

            feedback?.Answered(answer, "--refresh to ask again");
            await UsageReporter.AfterTurnAsync(console, meter, answer, session, showUsage, turn.Token);
            if (json)
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(JsonResult(answer, providers[0], session), CliJsonContext.Readable.AskJsonResult));
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || turn.IsCancellationRequested)
        {
            var code = ErrorReporter.Report(console, ex, json);
            return ex is OperationCanceledException ? interrupts.CancelledExitCode : code;
        }
        finally
        {
            store ??= OpenedAnyway(opening);
            if (store is not null)
            {
                await ConversationHost.DiscardIfEmptyAsync(store, session, choice);
                await store.DisposeAsync();
            }

            interrupts.EndTurn(turn);
        }
    }

    private static AskJsonResult JsonResult(ChatTurnResult answer, ProviderSettings first, ConversationSession? session)
    {
        var provider = answer.Provider ?? first;
        var record = answer.UsageRecord;
        var usage = answer.Usage is { } u ? new AskJsonUsage(u.InputTokenCount, u.OutputTokenCount, u.TotalTokenCount) { CachedInputTokens = u.CachedInputTokenCount }
            : record is not null ? new AskJsonUsage(record.InputTokens, record.OutputTokens, record.InputTokens + record.OutputTokens) { Estimated = true }
            : null;
        return new AskJsonResult(
            answer.Text, provider.KindName, provider.DisplayAddress, answer.ModelId ?? provider.Model, usage,
            answer.Latency.TotalMilliseconds, answer.TimeToFirstToken?.TotalMilliseconds, answer.FinishReason?.Value, session?.Conversation.Name, answer.FromCache)
        {
            Cost = record?.Cost ?? 0,
            Currency = record?.Currency,
            Saved = record?.Saved ?? 0,
            ContextFill = record?.ContextFill is { } fill ? Math.Round(fill, 4) : null,
            ToolCalls = [.. answer.ToolCalls.Select(c => new AskJsonToolCall(c.Tool, c.Arguments, c.Result))],
        };
    }

    /// <summary>The store opened for a turn that failed before it needed it (to close it); its opening error is not the one to report.</summary>
    private static IConversationStore? OpenedAnyway(Task<IConversationStore?>? opening)
    {
        try
        {
            return opening?.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is ConversationStoreException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><c>--quiet</c>: no spinner, failover, retry or cache notices on standard error (errors still go there).</summary>
    internal static Option<bool> QuietOption() => new("--quiet", "-q") { Description = "No spinner, failover, retry or cached-answer notices on standard error (they show only on a terminal anyway); errors are still shown." };

    /// <summary><c>--raw</c>: the model's text as it came, on a terminal too (piped output always is).</summary>
    internal static Option<bool> RawOption() => new("--raw") { Description = "Print the model's text exactly as it came, also on a terminal (where Markdown is otherwise rendered: headings, lists, tables, code in colour). Piped output is always the exact text." };

    /// <summary>Piped text comes first and the question last, where instructions work best for most models.</summary>
    internal static string ComposePrompt(string question, string context, bool mayBeEmpty = false)
    {
        question = question.Trim();
        if (question.Length == 0 && string.IsNullOrWhiteSpace(context) && !mayBeEmpty)
        {
            throw new UsageException("Nothing to ask: give a question (aide ask \"…\"), pipe text in (git diff | aide ask \"review this\") or attach a file (-f FILE).");
        }

        var prompt = string.IsNullOrWhiteSpace(context) ? question
            : question.Length == 0 ? context.TrimEnd()
            : $"{context.TrimEnd()}\n\n{question}";
        return prompt.Length <= AideDefaults.MaxInputChars
            ? prompt
            : throw new UsageException($"The question, piped input and files together exceed {AideDefaults.MaxInputChars:N0} characters; send a smaller part.");
    }
}
