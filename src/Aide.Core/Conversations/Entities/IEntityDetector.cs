namespace Aide.Conversations.Entities;

/// <summary>Finds entities of some kinds in text. Detectors run in order; a later one never claims text an earlier one did.</summary>
public interface IEntityDetector
{
    /// <summary>Finds entities in <paramref name="text"/>.</summary>
    /// <param name="text">The message text.</param>
    /// <returns>Each match: where it is and the entity it names.</returns>
    IEnumerable<EntityMatch> Detect(string text);
}
