namespace Aide.Providers.Local;

/// <summary>
/// Ends an answer at the first of its stop sequences (the caller's <c>stop</c>, or a prompt format's), which is not
/// part of the answer. Text that could be the start of one is held back until the next piece decides, so a stop
/// sequence split across tokens is never shown.
/// </summary>
internal sealed class StopSequenceFilter(IReadOnlyList<string> stops)
{
    private string _held = string.Empty;

    public bool Stopped { get; private set; }

    /// <summary>Takes the next decoded piece and returns what can be shown now.</summary>
    public string Filter(string piece)
    {
        if (stops.Count == 0 || Stopped)
        {
            return Stopped ? string.Empty : piece;
        }

        var text = _held + piece;
        var first = -1;
        foreach (var stop in stops)
        {
            var at = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            Stopped = true;
            _held = string.Empty;
            return text[..first];
        }

        // Hold back the longest end of the text that a stop sequence starts with.
        var keep = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > keep; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    keep = length;
                    break;
                }
            }
        }

        _held = text[^keep..];
        return text[..^keep];
    }

    /// <summary>Whatever is still held back, at the end of the answer.</summary>
    public string Flush()
    {
        var rest = _held;
        _held = string.Empty;
        return rest;
    }
}
