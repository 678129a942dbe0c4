namespace Aide.Events;

/// <summary>A chat turn failed.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Model">The model asked.</param>
/// <param name="ErrorKind">The failure kind (see ChatErrorKind).</param>
/// <param name="StatusCode">HTTP status, if any.</param>
/// <param name="Message">The user-facing message (never holds a key).</param>
/// <param name="Elapsed">Time until the failure.</param>
public sealed partial record ChatRequestFailed(string Provider, string? Model, string ErrorKind, int? StatusCode, string Message, TimeSpan Elapsed) : ChatEvent;
