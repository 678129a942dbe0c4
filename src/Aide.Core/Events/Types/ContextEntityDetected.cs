namespace Aide.Events;

/// <summary>An entity (URL, e-mail, path, date, name, …) was found in a message.</summary>
/// <param name="EntityId">The entity's id.</param>
/// <param name="Kind">The entity kind (url, email, path, person, …).</param>
/// <param name="Text">The normalised entity text.</param>
/// <param name="Change">New or seen again.</param>
public sealed partial record ContextEntityDetected(string EntityId, string Kind, string Text, EntityChange Change) : ContextEvent;
