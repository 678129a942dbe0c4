using System.Collections.Concurrent;

namespace Aide.Events.Dispatch;

/// <summary>
/// Gives every event type a small integer id, process-wide, so a bus finds a type's subscribers with one array
/// index instead of a dictionary lookup on the publish path.
/// </summary>
internal static class EventTypeRegistry
{
    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<Type, int> Ids = new();
    private static Type[] _types = [];

    /// <summary>Gets the registered types, indexed by id.</summary>
    public static Type[] Types => Volatile.Read(ref _types);

    public static int IdOf(Type type)
    {
        if (Ids.TryGetValue(type, out var id))
        {
            return id;
        }

        lock (Gate)
        {
            if (Ids.TryGetValue(type, out id))
            {
                return id;
            }

            id = _types.Length;
            Volatile.Write(ref _types, [.. _types, type]);
            Ids[type] = id;
            return id;
        }
    }
}
