using System.Globalization;
using System.Text;

namespace Aide.Cli.Templates;

/// <summary>
/// A saved way of asking (<c>aide ask -t NAME</c>): a system prompt, a model (or alias), sampling settings, and a prompt
/// with parameters: <c>$input</c> is the question and piped text, <c>$1</c>…<c>$9</c> the question's first words,
/// <c>$$</c> a dollar sign. A prompt without <c>$input</c> gets the input after it.
/// </summary>
internal sealed record PromptTemplate(string Name)
{
    public string? System { get; init; }

    public string? Model { get; init; }

    /// <summary>Gets the temperature as written; validated with the other settings, naming this template as its source.</summary>
    public string? Temperature { get; init; }

    /// <summary>Gets the cap on generated tokens as written.</summary>
    public string? MaxTokens { get; init; }

    public string? Prompt { get; init; }

    /// <summary>Gets how many positional parameters (<c>$1</c>…) the prompt and system prompt use: the highest number.</summary>
    public int ParameterCount => Math.Max(Highest(Prompt), Highest(System));

    /// <summary>The question for <paramref name="input"/>, with <paramref name="arguments"/> as <c>$1</c>….</summary>
    public string ComposeQuestion(string input, IReadOnlyList<string> arguments)
    {
        if (Prompt is null)
        {
            return input;
        }

        var text = Expand(Prompt, input, arguments);
        return Prompt.Contains("$input", StringComparison.Ordinal) || input.Length == 0 ? text : $"{text}\n\n{input}";
    }

    /// <summary>The system prompt with its parameters filled (<c>$input</c> is the input there too).</summary>
    public string? ComposeSystem(string input, IReadOnlyList<string> arguments) => System is null ? null : Expand(System, input, arguments);

    /// <summary>Fills <c>$input</c>, <c>$1</c>…<c>$9</c> and <c>$$</c> in one pass, so a value that holds <c>$1</c> stays as it is.</summary>
    internal static string Expand(string text, string input, IReadOnlyList<string> arguments)
    {
        var result = new StringBuilder(text.Length + input.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i == text.Length - 1)
            {
                result.Append(text[i]);
            }
            else if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (char.IsAsciiDigit(text[i + 1]) && text[i + 1] != '0')
            {
                var index = text[i + 1] - '1';
                result.Append(index < arguments.Count ? arguments[index] : string.Empty);
                i++;
            }
            else if (string.CompareOrdinal(text, i + 1, "input", 0, 5) == 0)
            {
                result.Append(input);
                i += 5;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }

    private static int Highest(string? text)
    {
        var highest = 0;
        for (var i = 0; text is not null && i < text.Length - 1; i++)
        {
            if (text[i] == '$' && text[i + 1] == '$')
            {
                i++;
            }
            else if (text[i] == '$' && char.IsAsciiDigit(text[i + 1]) && text[i + 1] != '0')
            {
                highest = Math.Max(highest, int.Parse(text.AsSpan(i + 1, 1), CultureInfo.InvariantCulture));
            }
        }

        return highest;
    }
}
