namespace Aide.Events.Journal;

/// <summary>Size and rotation of the event journal.</summary>
public sealed class EventJournalOptions
{
    /// <summary>Gets or sets the size at which <c>events.jsonl</c> is rotated to <c>events.1.jsonl</c> (default 4 MiB).</summary>
    public long MaxFileBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets how many rotated files are kept besides the current one (default 3).</summary>
    public int RotatedFiles { get; set; } = 3;

    /// <summary>
    /// Gets or sets how long an event may wait in memory before it is written (default 100 ms): what <c>aide events
    /// --follow</c> lags behind at most. Disposing the journal or its bus writes everything at once.
    /// </summary>
    public TimeSpan FlushDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
