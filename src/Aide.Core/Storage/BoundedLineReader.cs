using System.Globalization;
using System.Text;

namespace Aide.Storage;

/// <summary>
/// Reads text lines no longer than a limit: <see cref="StreamReader.ReadLineAsync()"/> keeps reading until it finds a
/// line break, so input without one (a device, a corrupt file) would grow a single string without end.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxChars, string what)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _filled;

    /// <summary>The next line (without its line break), or <see langword="null"/> at the end.</summary>
    /// <exception cref="InputFileException">A line is longer than the limit.</exception>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        while (true)
        {
            if (_position == _filled)
            {
                _filled = await reader.ReadAsync(_buffer, cancellationToken);
                _position = 0;
                if (_filled == 0)
                {
                    return _line.Length == 0 ? null : Take();
                }
            }

            var span = _buffer.AsSpan(_position, _filled - _position);
            var newline = span.IndexOf('\n');
            var part = newline < 0 ? span : span[..newline];
            if (_line.Length + part.Length > maxChars)
            {
                throw new InputFileException(string.Create(CultureInfo.InvariantCulture, $"{what} has a line of over {maxChars:N0} characters; it is not what it should be."));
            }

            _line.Append(part);
            _position += part.Length;
            if (newline >= 0)
            {
                _position++;
                return Take();
            }
        }
    }

    private string Take()
    {
        var length = _line.Length > 0 && _line[^1] == '\r' ? _line.Length - 1 : _line.Length;
        return _line.ToString(0, length);
    }
}
