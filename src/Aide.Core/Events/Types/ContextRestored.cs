namespace Aide.Events;

/// <summary>A conversation was loaded from storage.</summary>
/// <param name="From">Where from (store, import file).</param>
/// <param name="Items">Messages and items restored.</param>
/// <param name="Entities">Entities restored.</param>
/// <param name="Elapsed">How long the restore took.</param>
public sealed partial record ContextRestored(string From, int Items, int Entities, TimeSpan Elapsed) : ContextEvent;
