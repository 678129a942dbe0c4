using System.CommandLine;

namespace Aide.Cli.Templates;

/// <summary><c>-t NAME</c> on <c>ask</c> and <c>chat</c>: the template to use, loaded from the config folder.</summary>
internal static class TemplateChoice
{
    public static Option<string?> CreateOption()
    {
        var option = new Option<string?>("--prompt-template", "-t")
        {
            Description = "Use a saved template (system prompt, model, temperature, prompt with $input and $1…): aide templates list shows them.",
            HelpName = "NAME",
        };
        Completion.CompletionValues.AddTemplates(option);
        return option;
    }

    /// <summary>The named template, or <see langword="null"/> when none was asked for.</summary>
    public static PromptTemplate? Load(CliConsole console, string? name) =>
        name is null ? null : PromptTemplateStore.For(console.Environment).Load(name);

    /// <summary>
    /// The template's first <see cref="PromptTemplate.ParameterCount"/> question words as <c>$1</c>…, the rest as the
    /// question; too few words is a usage error that says how the template is called.
    /// </summary>
    public static (string[] Arguments, string[] Question) SplitArguments(PromptTemplate? template, string[] words)
    {
        var count = template?.ParameterCount ?? 0;
        if (words.Length < count)
        {
            var placeholders = string.Join(' ', Enumerable.Range(1, count).Select(i => $"VALUE{i}"));
            throw new UsageException($"The template '{template!.Name}' takes {count} value(s) ($1…${count}) before the question: aide ask -t {template.Name} {placeholders} [QUESTION]");
        }

        return (words[..count], words[count..]);
    }

    /// <summary>The template as the settings take it: its system prompt's <c>$1</c>… filled (<c>$input</c> is for the prompt).</summary>
    public static PromptTemplate? ForSettings(PromptTemplate? template, string[] arguments) =>
        template?.System is { } system ? template with { System = PromptTemplate.Expand(system, "$input", arguments) } : template;
}
