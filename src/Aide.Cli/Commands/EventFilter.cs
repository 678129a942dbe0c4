using Aide.Events;

namespace Aide.Cli.Commands;

/// <summary>The <c>aide events</c> filters; an empty filter matches everything.</summary>
internal sealed record EventFilter(HashSet<Type> Types, EventCategory? Category, DateTimeOffset? Since, string? Session)
{
    public bool Matches(AideEvent evt) =>
        (Types.Count == 0 || Types.Contains(evt.GetType()))
        && (Category is null || evt.Category == Category)
        && (Since is null || evt.Timestamp >= Since)
        && (Session is null || string.Equals(evt.SessionId, Session, StringComparison.Ordinal));
}
