namespace Aide.Caching.Memory;

/// <summary>Least recently used: a hit moves the entry to the front; the back leaves first.</summary>
internal sealed class LruOrder : IEvictionOrder
{
    private readonly EntryList _list = new();

    public void Added(MemoryEntry entry) => _list.AddFirst(entry);

    public void Touched(MemoryEntry entry) => _list.MoveToFirst(entry);

    public void Removed(MemoryEntry entry) => _list.Remove(entry);

    public MemoryEntry? Victim() => _list.Last;

    public void Clear() => _list.Clear();
}
