using System.Diagnostics.Metrics;

namespace Aide.Core.Tests.Events;

/// <summary>Hands out one private meter, so parallel tests never see each other's measurements.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    public Meter Meter { get; } = new("Aide");

    public Meter Create(MeterOptions options) => Meter;

    public void Dispose() => Meter.Dispose();
}
