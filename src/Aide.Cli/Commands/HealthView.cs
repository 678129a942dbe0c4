using System.Globalization;
using Aide.Cli.Output;
using Aide.Health;
using Aide.Resilience;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aide.Cli.Commands;

/// <summary>Renders a <see cref="HealthSnapshot"/> and the breakers as tables (live view and one-shot) or as JSON.</summary>
internal static class HealthView
{
    /// <summary>
    /// The components and breakers as one-line lists (<see cref="OneLineTable"/>): names and addresses stay whole, so
    /// they can be read and copied; the detail and the reason come last and wrap within their column.
    /// </summary>
    public static IRenderable Render(HealthSnapshot snapshot, IReadOnlyCollection<ProviderCircuit> breakers, int width)
    {
        var componentRows = snapshot.Components.Select(c => new[]
        {
            c.Name,
            Name(c.Level) + (c.Recovering ? " (recovering)" : string.Empty),
            c.CheckedAt is null ? "-" : Ms(c.Duration.TotalMilliseconds),
            c.Description,
        }).ToList();
        var levels = snapshot.Components.Select(c => LevelStyle(c.Level)).ToList();
        var components = OneLineTable.Create(width, ["Component", "Level", "Took", "Detail"], textColumn: 3, componentRows, (row, column) => column == 1 ? levels[row] : (Style?)null, wrapText: true);

        var rows = new List<IRenderable>
        {
            new Markup($"Overall: {Level(snapshot.Level)} (score {snapshot.Score.ToString("0.#", CultureInfo.InvariantCulture)}) at {snapshot.TakenAt.ToLocalTime():HH:mm:ss}"),
            components,
        };

        if (breakers.Count > 0)
        {
            var breakerRows = breakers.Select(b =>
            {
                var (changedAt, reason, retryAt) = b.LastChange;
                var state = b.State.ToString() + (retryAt is { } at && b.State == Events.CircuitState.Open ? $" (probe at {at.ToLocalTime():HH:mm:ss})" : string.Empty);
                return new[] { b.Name, state, changedAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), reason };
            }).ToList();
            rows.Add(Text.Empty);
            rows.Add(OneLineTable.Create(width, ["Provider", "Breaker", "Since", "Why"], textColumn: 3, breakerRows, wrapText: true));
        }

        var predictions = snapshot.Components.SelectMany(c => c.Predictions.Select(p => (c.Name, Metric: p.Key, p.Value))).ToArray();
        rows.Add(new Markup(predictions.Length == 0
            ? "[grey]Predictions: no threshold is forecast to be crossed.[/]"
            : "Predictions:\n" + string.Join("\n", predictions.Select(p => Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"  {p.Name} {p.Metric} reaches {p.Value.Level:0.###} at {p.Value.PredictedBreach.ToLocalTime():HH:mm:ss} (confidence {p.Value.Confidence:0.00})"))))));
        return new Rows(rows);
    }

    public static HealthJson ToJson(HealthSnapshot snapshot, IReadOnlyCollection<ProviderCircuit> breakers) => new(
        Name(snapshot.Level),
        snapshot.Score,
        HealthJson.Meaning,
        snapshot.TakenAt,
        [.. snapshot.Components.Select(c => new HealthComponentJson(
            c.Name, c.Priority.ToString().ToLowerInvariant(), Name(c.Level), c.Description, c.CheckedAt, Math.Round(c.Duration.TotalMilliseconds, 3),
            new Dictionary<string, double>(c.Metrics),
            [.. c.Predictions.Select(p => new HealthPredictionJson(p.Key, p.Value.Level, p.Value.PredictedBreach, Math.Round(p.Value.Confidence, 3), Math.Round(p.Value.SlopePerMinute, 4)))],
            c.Recovering))],
        [.. breakers.Select(b =>
        {
            var (changedAt, reason, retryAt) = b.LastChange;
            return new HealthBreakerJson(b.Name, b.State.ToString(), changedAt, reason, retryAt);
        })]);

    private static string Name(HealthLevel level) => level.ToString().ToLowerInvariant();

    private static Style LevelStyle(HealthLevel level) => level switch
    {
        HealthLevel.Healthy => new Style(Color.Green),
        HealthLevel.Degraded => new Style(Color.Yellow),
        HealthLevel.Unhealthy => new Style(Color.Red),
        _ => new Style(Color.Red, decoration: Decoration.Bold),
    };

    /// <summary>The level as markup, in the same colour as the components' level cells.</summary>
    private static string Level(HealthLevel level) => $"[{LevelStyle(level).ToMarkup()}]{Name(level)}[/]";

    private static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
