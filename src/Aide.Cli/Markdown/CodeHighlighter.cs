using System.Text;
using ColorCode;
using ColorCode.Common;
using ColorCode.Parsing;

namespace Aide.Cli.Markdown;

/// <summary>
/// Colours a line of code in a fenced block with ColorCode's language rules (C#, C++, Java, JavaScript, TypeScript,
/// Python, PowerShell, SQL, PHP, F#, Haskell, CSS, HTML, XML, …): keywords, strings, comments, numbers and type
/// names in ANSI colours. A language ColorCode does not know is shown as it is.
/// </summary>
internal sealed class CodeHighlighter : CodeColorizerBase
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = LanguageId.CSharp, ["c#"] = LanguageId.CSharp, ["csharp"] = LanguageId.CSharp,
        ["js"] = LanguageId.JavaScript, ["jsx"] = LanguageId.JavaScript, ["json"] = LanguageId.JavaScript, ["jsonc"] = LanguageId.JavaScript, ["javascript"] = LanguageId.JavaScript, ["node"] = LanguageId.JavaScript,
        ["ts"] = LanguageId.TypeScript, ["tsx"] = LanguageId.TypeScript, ["typescript"] = LanguageId.TypeScript,
        ["py"] = LanguageId.Python, ["python"] = LanguageId.Python, ["python3"] = LanguageId.Python,
        ["c"] = LanguageId.Cpp, ["cpp"] = LanguageId.Cpp, ["c++"] = LanguageId.Cpp, ["h"] = LanguageId.Cpp, ["hpp"] = LanguageId.Cpp,
        ["java"] = LanguageId.Java, ["kotlin"] = LanguageId.Java, ["sql"] = LanguageId.Sql, ["php"] = LanguageId.Php,
        ["ps1"] = LanguageId.PowerShell, ["powershell"] = LanguageId.PowerShell, ["pwsh"] = LanguageId.PowerShell,
        ["fs"] = LanguageId.FSharp, ["fsharp"] = LanguageId.FSharp, ["hs"] = LanguageId.Haskell, ["haskell"] = LanguageId.Haskell,
        ["css"] = LanguageId.Css, ["html"] = LanguageId.Html, ["xml"] = LanguageId.Xml, ["xaml"] = LanguageId.Xml, ["vb"] = LanguageId.VbDotNet,
    };

    private readonly ILanguage? _language;
    private StringBuilder? _output;

    public CodeHighlighter(string? language)
        : base(null, null)
    {
        _language = language is not null && Aliases.TryGetValue(language, out var id) ? Languages.FindById(id) : null;
    }

    /// <summary>The line with colours, or as it is when the language is unknown.</summary>
    public string Highlight(string line)
    {
        if (_language is null || line.Length == 0)
        {
            return line;
        }

        _output = new StringBuilder(line.Length + 32);
        languageParser.Parse(line, _language, (parsed, scopes) => Write(parsed, scopes));
        return _output.ToString();
    }

    protected override void Write(string parsedSourceCode, IList<Scope> scopes)
    {
        var at = 0;
        foreach (var scope in scopes.OrderBy(s => s.Index))
        {
            if (scope.Index < at)
            {
                continue;
            }

            _output!.Append(parsedSourceCode, at, scope.Index - at);
            var colour = Colour(scope.Name);
            _output.Append(colour is null ? string.Empty : $"\e[{colour}m").Append(parsedSourceCode, scope.Index, scope.Length).Append(colour is null ? string.Empty : "\e[39m");
            at = scope.Index + scope.Length;
        }

        _output!.Append(parsedSourceCode, at, parsedSourceCode.Length - at);
    }

    private static string? Colour(string scope) => scope switch
    {
        ScopeName.Comment or ScopeName.XmlComment or ScopeName.HtmlComment => "90",
        ScopeName.String or ScopeName.StringCSharpVerbatim or ScopeName.StringEscape => "32",
        ScopeName.Keyword or ScopeName.PreprocessorKeyword or ScopeName.ControlKeyword or ScopeName.SqlSystemFunction or ScopeName.PowerShellOperator => "35",
        ScopeName.Number => "33",
        ScopeName.ClassName or ScopeName.Type or ScopeName.TypeVariable or ScopeName.BuiltinFunction or ScopeName.PowerShellCommand => "36",
        ScopeName.HtmlTagDelimiter or ScopeName.HtmlElementName or ScopeName.XmlName or ScopeName.XmlDelimiter => "34",
        ScopeName.HtmlAttributeName or ScopeName.XmlAttribute or ScopeName.CssPropertyName => "33",
        ScopeName.HtmlAttributeValue or ScopeName.XmlAttributeValue or ScopeName.CssPropertyValue => "32",
        _ => null,
    };
}
