namespace Aide.Events.Journal;

/// <summary>A place in the journal: which current file (by its header id) and how far into it.</summary>
/// <param name="FileId">The file's id, or <see langword="null"/> when there is no journal yet.</param>
/// <param name="Offset">Bytes into that file.</param>
public readonly record struct JournalPosition(string? FileId, long Offset);
