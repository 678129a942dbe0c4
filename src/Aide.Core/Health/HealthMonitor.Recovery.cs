using Aide.Events;

namespace Aide.Health;

/// <summary>Repairing an unhealthy component: its strategies in order, each checked, in rounds with backoff.</summary>
public sealed partial class HealthMonitor
{
    private void StartRecovery(ComponentState component, string issue)
    {
        var task = Task.Run(() => RecoverAsync(component, issue, _stopping.Token));
        lock (_recoveries)
        {
            _recoveries.RemoveAll(t => t.IsCompleted);
            _recoveries.Add(task);
        }
    }

    private async Task RecoverAsync(ComponentState component, string issue, CancellationToken cancellationToken)
    {
        var strategies = component.Entry.Recovery;
        var started = _time.GetTimestamp();
        Publish(new AutoRecoveryStarted(component.Entry.Name, issue, [.. strategies.Select(s => s.Name)]) { Timestamp = _time.GetUtcNow(), Source = Source, Severity = EventSeverity.Warning });
        var last = strategies[^1].Name;
        try
        {
            for (var round = 0; round < _options.RecoveryAttempts; round++)
            {
                if (round > 0)
                {
                    await Task.Delay(_options.RecoveryBackoff * Math.Pow(2, round - 1), _time, cancellationToken);
                }

                foreach (var strategy in strategies)
                {
                    last = strategy.Name;
                    try
                    {
                        await strategy.RecoverAsync(cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        HealthLog.RecoveryStrategyFailed(_logger, strategy.Name, component.Entry.Name, Diagnostics.LogText.Reason(ex.Message));
                        continue;
                    }

                    if (await RunAsync(component, cancellationToken) < HealthLevel.Unhealthy)
                    {
                        Finish(component, strategy.Name, success: true, started);
                        return;
                    }
                }
            }

            Finish(component, last, success: false, started);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Finish(component, last, success: false, started);
        }
    }

    private void Finish(ComponentState component, string strategy, bool success, long started)
    {
        lock (component.Gate)
        {
            component.Recovering = false;
            component.Latest = component.Latest with { Recovering = false };
        }

        Publish(new AutoRecoveryCompleted(component.Entry.Name, strategy, success, _time.GetElapsedTime(started))
        {
            Timestamp = _time.GetUtcNow(),
            Source = Source,
            Severity = success ? EventSeverity.Info : EventSeverity.Error,
        });
    }

    private void Publish(AideEvent e) => _bus?.Publish(e);
}
