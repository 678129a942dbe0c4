namespace Aide.Conversations.Entities;

/// <summary>
/// Runs detectors over a message in order (most specific first: URLs before paths, e-mails before names), drops matches
/// that overlap text already claimed, and returns each distinct entity once with how often it was mentioned.
/// </summary>
public sealed class EntityExtractor
{
    private readonly IReadOnlyList<IEntityDetector> _detectors;

    /// <summary>Initializes a new instance of the <see cref="EntityExtractor"/> class.</summary>
    /// <param name="detectors">The detectors, most specific first; <see langword="null"/> uses <see cref="DefaultDetectors"/>.</param>
    public EntityExtractor(IReadOnlyList<IEntityDetector>? detectors = null) => _detectors = detectors ?? DefaultDetectors;

    /// <summary>Gets Aide's detectors: URL, e-mail, path, date/time, quantity, code identifier, proper names.</summary>
    public static IReadOnlyList<IEntityDetector> DefaultDetectors { get; } =
    [
        new PatternDetectors.UrlDetector(),
        new PatternDetectors.EmailDetector(),
        new PatternDetectors.PathDetector(),
        new PatternDetectors.DateTimeDetector(),
        new PatternDetectors.QuantityDetector(),
        new PatternDetectors.IdentifierDetector(),
        new ProperNameDetector(),
    ];

    /// <summary>Finds the distinct entities in <paramref name="text"/>, in order of first appearance.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The entities (each once).</returns>
    public IReadOnlyList<DetectedEntity> Extract(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var claimed = new List<(int Start, int End)>();
        var found = new List<EntityMatch>();
        foreach (var detector in _detectors)
        {
            foreach (var match in detector.Detect(text))
            {
                var end = match.Start + match.Length;
                if (claimed.Exists(c => match.Start < c.End && c.Start < end))
                {
                    continue;
                }

                claimed.Add((match.Start, end));
                found.Add(match);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<DetectedEntity>();
        foreach (var match in found.OrderBy(m => m.Start))
        {
            if (seen.Add(match.Entity.Id))
            {
                result.Add(match.Entity);
            }
        }

        return result;
    }
}
