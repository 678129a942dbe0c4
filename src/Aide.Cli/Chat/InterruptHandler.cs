namespace Aide.Cli.Chat;

/// <summary>
/// Ctrl+C cancels the answer in progress, not the program: while a turn runs, the key press cancels that
/// turn's token and is swallowed; with no turn running, the default (terminate) applies.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private CancellationTokenSource? _turn;

    public InterruptHandler() => Console.CancelKeyPress += OnCancelKeyPress;

    public CancellationTokenSource BeginTurn(CancellationToken outer)
    {
        var turn = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Volatile.Write(ref _turn, turn);
        return turn;
    }

    public void EndTurn(CancellationTokenSource turn)
    {
        Interlocked.CompareExchange(ref _turn, null, turn);
        turn.Dispose();
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancelKeyPress;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        var turn = Volatile.Read(ref _turn);
        if (turn is null)
        {
            return;
        }

        e.Cancel = true;
        try
        {
            turn.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn ended between the read and the cancel; nothing left to stop.
        }
    }
}
