using Aide.Events;
using Aide.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Aide.Core.Tests.Tools;

public sealed class ToolGuardTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly List<AideEvent> _events = [];
    private readonly IEventBus _bus = AideEventBus.Create();
    private readonly FakeTimeProvider _time = new();
    private int _runs;

    public ToolGuardTests() => _bus.Subscribe<AideEvent>(e =>
    {
        lock (_events)
        {
            _events.Add(e);
        }
    });

    [Fact]
    public async Task A_read_only_tool_runs_without_asking()
    {
        var asked = 0;
        var tool = Guard(new ToolGuardOptions { Approve = (_, _) => { asked++; return ValueTask.FromResult(ToolApproval.Refused); } }).Guard(Tool("ok"), "builtin", readOnly: true);

        Assert.Equal("ok", await tool.InvokeAsync(new AIFunctionArguments { ["path"] = "a" }, Token));
        Assert.Equal(0, asked);
        Assert.Equal("read-only", Single<ToolCallCompleted>().Approval);
    }

    [Fact]
    public async Task A_tool_that_may_write_is_refused_when_nobody_can_be_asked_and_the_model_is_told()
    {
        var tool = Guard(new ToolGuardOptions()).Guard(Tool("done"), "files", readOnly: false);

        var result = (string)(await tool.InvokeAsync(new AIFunctionArguments(), Token))!;

        Assert.Contains("did not allow", result, StringComparison.Ordinal);
        Assert.Equal(0, _runs);
        var failed = Single<ToolCallFailed>();
        Assert.Equal(("refused", "files"), (failed.Approval, failed.Server));
    }

    [Fact]
    public async Task Always_is_asked_once_per_tool_and_an_allow_list_or_yes_never_asks()
    {
        var asked = new List<ToolApprovalRequest>();
        var guard = Guard(new ToolGuardOptions { Approve = (r, _) => { asked.Add(r); return ValueTask.FromResult(ToolApproval.Always); }, Allowed = ["files/write"] });
        var shell = guard.Guard(Tool("ran"), "builtin", readOnly: false, describe: a => (string?)a["command"]);

        await shell.InvokeAsync(new AIFunctionArguments { ["command"] = "make" }, Token);
        await shell.InvokeAsync(new AIFunctionArguments { ["command"] = "make test" }, Token);
        await guard.Guard(Tool("written", "write"), "files", readOnly: false).InvokeAsync(new AIFunctionArguments(), Token);
        await Guard(new ToolGuardOptions { ApproveAll = true }).Guard(Tool("yes"), "x", readOnly: false).InvokeAsync(new AIFunctionArguments(), Token);

        var request = Assert.Single(asked);
        Assert.Equal("make", request.Summary);
        Assert.Equal("""{"command":"make"}""", request.Arguments);
        Assert.Equal(["always", "always", "allowed", "allowed"], _events.OfType<ToolCallCompleted>().Select(e => e.Approval));
        Assert.Equal(4, _runs);
    }

    [Fact]
    public async Task Output_is_bounded_and_events_carry_content_only_when_asked()
    {
        var big = new string('x', 5_000);
        var quiet = Guard(new ToolGuardOptions { MaxOutputChars = 1_000 }).Guard(Tool(big), "builtin", readOnly: true);
        var loud = Guard(new ToolGuardOptions { MaxOutputChars = 1_000, JournalContent = true }).Guard(Tool("short"), "builtin", readOnly: true);

        var bounded = (string)(await quiet.InvokeAsync(new AIFunctionArguments { ["q"] = "secret" }, Token))!;
        await loud.InvokeAsync(new AIFunctionArguments { ["q"] = "shown" }, Token);

        Assert.Equal(1_000, bounded.Length);
        Assert.EndsWith("[output cut at 1,000 of 5,000 characters]", bounded, StringComparison.Ordinal);
        var completed = _events.OfType<ToolCallCompleted>().ToList();
        Assert.Equal((5_000, true, null), (completed[0].OutputChars, completed[0].Truncated, completed[0].Output));
        Assert.Null(_events.OfType<ToolCallStarted>().First().Arguments);
        Assert.Equal("short", completed[1].Output);
        Assert.Equal("""{"q":"shown"}""", _events.OfType<ToolCallStarted>().Last().Arguments);
    }

    [Fact]
    public async Task A_failing_tool_tells_the_model_why_and_is_evented_but_cancellation_still_cancels()
    {
        var failing = Guard(new ToolGuardOptions()).Guard(AIFunctionFactory.Create((Func<string>)(() => throw new IOException("disk gone")), "broken"), "builtin", readOnly: true);

        var result = (string)(await failing.InvokeAsync(new AIFunctionArguments(), Token))!;

        Assert.Equal("error: the tool failed: disk gone", result);
        Assert.Equal("disk gone", Single<ToolCallFailed>().Error);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var slow = Guard(new ToolGuardOptions()).Guard(AIFunctionFactory.Create(async (CancellationToken ct) => { await Task.Delay(Timeout.Infinite, ct); return "never"; }, "slow"), "builtin", readOnly: true);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await slow.InvokeAsync(new AIFunctionArguments(), cancelled.Token));
    }

    private ToolGuard Guard(ToolGuardOptions options) => new(new ToolGuardOptions
    {
        Approve = options.Approve,
        ApproveAll = options.ApproveAll,
        Allowed = options.Allowed,
        MaxOutputChars = options.MaxOutputChars,
        JournalContent = options.JournalContent,
        Events = _bus,
        TimeProvider = _time,
    });

    private AIFunction Tool(string output, string name = "tool") =>
        AIFunctionFactory.Create(() => { Interlocked.Increment(ref _runs); return output; }, name);

    private T Single<T>()
    {
        lock (_events)
        {
            return Assert.Single(_events.OfType<T>());
        }
    }
}
