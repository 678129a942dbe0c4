namespace Aide.Health.Recovery;

/// <summary>A repair the health monitor can try on an unhealthy component.</summary>
public interface IRecoveryStrategy
{
    /// <summary>Gets the strategy's name, as events report it (e.g. <c>force-gc</c>).</summary>
    string Name { get; }

    /// <summary>Tries the repair. The monitor then runs the component's check again to see whether it worked.</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes when the attempt is done; throwing counts as a failed attempt.</returns>
    ValueTask RecoverAsync(CancellationToken cancellationToken);
}
