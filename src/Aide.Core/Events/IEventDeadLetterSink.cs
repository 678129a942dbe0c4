namespace Aide.Events;

/// <summary>Receives events that an asynchronous handler failed to process, so they are not lost silently.</summary>
public interface IEventDeadLetterSink
{
    /// <summary>Records a failed delivery. Must not throw; it is called on the subscriber's delivery path.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="handler">The name of the handler that failed.</param>
    /// <param name="exception">What it threw.</param>
    void Write(AideEvent evt, string handler, Exception exception);
}
