namespace Aide.Caching.Memory;

/// <summary>
/// An intrusive doubly linked list of entries (the links live in <see cref="MemoryEntry"/>), so moving an entry on a
/// hit allocates nothing; <see cref="LinkedList{T}"/> would allocate a node per entry and cannot relink across lists.
/// </summary>
internal sealed class EntryList
{
    public MemoryEntry? First { get; private set; }

    public MemoryEntry? Last { get; private set; }

    public int Count { get; private set; }

    public void AddFirst(MemoryEntry entry)
    {
        entry.Previous = null;
        entry.Next = First;
        if (First is not null)
        {
            First.Previous = entry;
        }

        First = entry;
        Last ??= entry;
        Count++;
    }

    public void Remove(MemoryEntry entry)
    {
        if (entry.Previous is not null)
        {
            entry.Previous.Next = entry.Next;
        }
        else
        {
            First = entry.Next;
        }

        if (entry.Next is not null)
        {
            entry.Next.Previous = entry.Previous;
        }
        else
        {
            Last = entry.Previous;
        }

        entry.Previous = entry.Next = null;
        Count--;
    }

    public void MoveToFirst(MemoryEntry entry)
    {
        if (!ReferenceEquals(First, entry))
        {
            Remove(entry);
            AddFirst(entry);
        }
    }

    public void Clear()
    {
        First = Last = null;
        Count = 0;
    }
}
