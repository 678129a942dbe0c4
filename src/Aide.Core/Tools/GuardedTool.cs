using Aide.Events;
using Microsoft.Extensions.AI;

namespace Aide.Tools;

/// <summary>A tool run under a <see cref="ToolGuard"/>: approval first, events around, output bounded after.</summary>
internal sealed class GuardedTool(AIFunction inner, GuardedToolInfo info, ToolGuard guard, Func<AIFunctionArguments, string?>? describe)
    : DelegatingAIFunction(inner)
{
    private const string Source = "tools";

    public GuardedToolInfo Info { get; } = info;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var options = guard.Options;
        var callId = FunctionInvokingChatClient.CurrentContext?.CallContent.CallId;
        var approval = await guard.ApproveAsync(Name, Info, () => new ToolApprovalRequest(Name, Info.Server, ToolArguments.ToJson(arguments), describe?.Invoke(arguments)), cancellationToken);
        if (approval is null)
        {
            const string Refused = "The user did not allow this tool call, so it did not run. Do not retry it; answer without it or ask the user.";
            Publish(new ToolCallFailed(Name, Info.Server, callId, TimeSpan.Zero, "refused", "refused by the user") { Timestamp = default, Source = Source, Severity = EventSeverity.Warning });
            return Refused;
        }

        Publish(new ToolCallStarted(Name, Info.Server, callId, options.JournalContent ? ToolArguments.ToJson(arguments) : null) { Timestamp = default, Source = Source });
        var started = options.TimeProvider.GetTimestamp();
        string output;
        try
        {
            output = ToolOutput.AsText(await base.InvokeCoreAsync(arguments, cancellationToken));
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The model gets the reason and the loop goes on; the user sees it through the event.
            var error = ToolOutput.Bound(ToolOutput.ErrorMessage(ex), 2_000).Text;
            Publish(new ToolCallFailed(Name, Info.Server, callId, options.TimeProvider.GetElapsedTime(started), approval, error) { Timestamp = default, Source = Source, Severity = EventSeverity.Warning });
            return "error: the tool failed: " + error;
        }

        var (text, truncated) = ToolOutput.Bound(output, options.MaxOutputChars);
        Publish(new ToolCallCompleted(Name, Info.Server, callId, options.TimeProvider.GetElapsedTime(started), approval, output.Length, truncated, options.JournalContent ? text : null) { Timestamp = default, Source = Source });
        return text;
    }

    private void Publish(AideEvent evt)
    {
        if (guard.Options.Events is { } bus)
        {
            bus.Publish(evt with { Timestamp = guard.Options.TimeProvider.GetUtcNow() });
        }
    }
}
