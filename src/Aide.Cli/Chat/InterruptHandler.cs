using System.Runtime.InteropServices;

namespace Aide.Cli.Chat;

/// <summary>
/// Ctrl+C cancels the answer in progress, not the program: while a turn runs, the key press cancels that turn's token
/// and is swallowed; with no turn running, the default (terminate) applies. SIGTERM and SIGHUP (a <c>kill</c>, a closed
/// terminal) also cancel the turn in progress, so its question is taken back rather than left behind, and then end the
/// command with 128 + the signal (143, 129), as shells report them.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private CancellationTokenSource? _turn;
    private int _terminatingSignal;

    public InterruptHandler()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _registrations = OperatingSystem.IsWindows()
            ? []
            : [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate), PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnTerminate)];
    }

    /// <summary>Gets the exit code for a command ended by SIGTERM (143) or SIGHUP (129), or <see langword="null"/>.</summary>
    public int? TerminatedExitCode => Volatile.Read(ref _terminatingSignal) switch
    {
        15 => ExitCodes.Terminated,
        1 => ExitCodes.HungUp,
        _ => null,
    };

    /// <summary>Gets the exit code for a cancelled turn: Ctrl+C's 130, or the terminating signal's.</summary>
    public int CancelledExitCode => TerminatedExitCode ?? ExitCodes.Interrupted;

    public CancellationTokenSource BeginTurn(CancellationToken outer)
    {
        var turn = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Volatile.Write(ref _turn, turn);
        if (TerminatedExitCode is not null)
        {
            turn.Cancel();
        }

        return turn;
    }

    public void EndTurn(CancellationTokenSource turn)
    {
        Interlocked.CompareExchange(ref _turn, null, turn);
        turn.Dispose();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = CancelTurn();

    private void OnTerminate(PosixSignalContext context)
    {
        // The signal numbers shells report: SIGHUP 1, SIGTERM 15 (PosixSignal's values are its own, negative ones).
        Volatile.Write(ref _terminatingSignal, context.Signal == PosixSignal.SIGHUP ? 1 : 15);

        // A turn in progress ends itself (its question taken back) and the command exits with the signal's code;
        // with none, the default applies: the process ends now, with the same code.
        context.Cancel = CancelTurn();
    }

    private bool CancelTurn()
    {
        var turn = Volatile.Read(ref _turn);
        if (turn is null)
        {
            return false;
        }

        try
        {
            turn.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn ended between the read and the cancel; nothing left to stop.
        }

        return true;
    }
}
