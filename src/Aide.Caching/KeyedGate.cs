namespace Aide.Caching;

/// <summary>
/// One holder per key at a time, for stampede protection: concurrent identical requests queue behind the first, which
/// fills the cache, and then find their answer there. Gates exist only while someone holds or waits for them.
/// </summary>
internal sealed class KeyedGate
{
    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public async ValueTask<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                _gates[key] = gate = new Gate(this, key);
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
            return gate;
        }
        catch
        {
            Leave(gate, release: false);
            throw;
        }
    }

    private void Leave(Gate gate, bool release)
    {
        lock (_gates)
        {
            if (release)
            {
                gate.Semaphore.Release();
            }

            if (--gate.Users == 0)
            {
                _gates.Remove(gate.Key);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate(KeyedGate owner, string key) : IDisposable
    {
        public string Key { get; } = key;

        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }

        public void Dispose() => owner.Leave(this, release: true);
    }
}
