using System.CommandLine;
using System.Diagnostics;
using Aide.Cli.Configuration;
using Aide.Cli.Output;
using Aide.Cli.Templates;

namespace Aide.Cli.Commands;

/// <summary><c>aide templates list|show|edit|rm</c>: the saved templates <c>-t NAME</c> uses.</summary>
internal static class TemplatesCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("templates", "Saved templates for ask and chat (-t NAME): a system prompt, model, temperature and a prompt with $input and $1…, as small JSON files in the config folder.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Edit(console));
        command.Subcommands.Add(Remove(console));
        return command;
    }

    private static PromptTemplateStore Store(CliConsole console) => PromptTemplateStore.For(console.Environment);

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "The saved templates, with their model and the start of their prompt.");
        command.SetAction(_ => Run(console, () =>
        {
            var store = Store(console);
            var names = store.Names();
            if (names.Count == 0)
            {
                console.Out.WriteLine($"No templates yet. Create one: aide templates edit NAME --system \"…\" --prompt \"… $input\" (they live in {store.Directory}).");
                return;
            }

            var rows = names.Select(name => Row(store, name)).ToList();
            console.AnsiOut.Write(OneLineTable.Create(console.AnsiOut.Profile.Width, ["Name", "Model", "Prompt"], textColumn: 2, rows));
        }));
        return command;
    }

    private static string[] Row(PromptTemplateStore store, string name)
    {
        try
        {
            var template = store.Load(name);
            var text = (template.Prompt ?? template.System ?? string.Empty).ReplaceLineEndings(" ");
            return [name, template.Model ?? "(default)", text];
        }
        catch (Exception ex) when (ex is Aide.Configuration.AideConfigurationException or IOException)
        {
            return [name, "-", "(unreadable: " + ex.Message + ")"];
        }
    }

    private static Command Show(CliConsole console)
    {
        var name = TemplateName("The template's name.");
        var command = new Command("show", "Print a template (its JSON file).") { name };
        command.SetAction(result => Run(console, () =>
        {
            var template = Store(console).Load(result.GetValue(name)!);
            console.Out.Write(PromptTemplateStore.ToJson(template));
        }));
        return command;
    }

    private static Command Edit(CliConsole console)
    {
        var name = TemplateName("The template's name (letters, digits, '-', '_', '.'); a new name creates it.");
        var system = new Option<string?>("--system") { Description = "Its system prompt ($1… are the values given before the question).", HelpName = "TEXT" };
        var model = new Option<string?>("--model", "-m") { Description = "Its model or alias (KIND/NAME picks the provider).", HelpName = "NAME" };
        var temperature = new Option<string?>("--temperature") { Description = "Its sampling temperature, 0 to 2.", HelpName = "T" };
        var maxTokens = new Option<string?>("--max-tokens") { Description = "Its cap on generated tokens.", HelpName = "N" };
        var prompt = new Option<string?>("--prompt") { Description = "Its prompt: $input is the question and piped text (added after the prompt when absent), $1… the words before it, $$ a dollar sign.", HelpName = "TEXT" };
        var command = new Command("edit", "Create or change a template: with options, set those fields (an empty value removes one); without, open it in $VISUAL or $EDITOR.")
        {
            name, system, model, temperature, maxTokens, prompt,
        };
        command.SetAction(result => Run(console, () =>
        {
            var store = Store(console);
            var templateName = result.GetValue(name)!;
            var path = store.PathFor(templateName);
            var existing = File.Exists(path) ? store.Load(templateName) : new PromptTemplate(templateName);
            string? Field(Option<string?> option, string? current) => result.GetResult(option) is null ? current : result.GetValue(option) is { Length: > 0 } text ? text : null;
            if (new Option[] { system, model, temperature, maxTokens, prompt }.Any(o => result.GetResult(o) is not null))
            {
                var changed = existing with
                {
                    System = Field(system, existing.System),
                    Model = Field(model, existing.Model),
                    Temperature = Field(temperature, existing.Temperature),
                    MaxTokens = Field(maxTokens, existing.MaxTokens),
                    Prompt = Field(prompt, existing.Prompt),
                };
                Validate(console, changed);
                store.Save(changed);
                console.Out.WriteLine($"Saved the template '{templateName}' in {path}.");
                return;
            }

            EditInEditor(console, store, existing, path);
        }));
        return command;
    }

    /// <summary>The template's values checked as a run would read them, so a mistake shows now rather than at the next ask.</summary>
    private static void Validate(CliConsole console, PromptTemplate template)
    {
        var flags = new SettingsLayer();
        flags.AddTemplate(template);
        AideSettingsLoader.Resolve(string.Empty, new SettingsLayer(), new SettingsLayer(), flags, console.Environment, []);
    }

    private static void EditInEditor(CliConsole console, PromptTemplateStore store, PromptTemplate existing, string path)
    {
        var editor = EnvironmentValues.Get(console.Environment, "VISUAL") ?? EnvironmentValues.Get(console.Environment, "EDITOR")
            ?? throw new UsageException($"No editor: set EDITOR (or VISUAL), or give the fields: aide templates edit {existing.Name} --system \"…\" --prompt \"… $input\".");
        if (!File.Exists(path))
        {
            store.Save(existing with { System = string.Empty, Prompt = "$input" });
        }

        // The editor's command may carry arguments ("code --wait"): the shell splits it, the path is passed apart.
        using var process = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", editor + " \"$1\"", "sh", path }, UseShellExecute = false })
            ?? throw new UsageException($"Could not start the editor '{editor}'.");
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new UsageException($"The editor '{editor}' exited with code {process.ExitCode}; {path} is as it left it.");
        }

        var edited = store.Load(existing.Name);
        Validate(console, edited);
        console.Out.WriteLine($"Saved the template '{existing.Name}' in {path}.");
    }

    private static Command Remove(CliConsole console)
    {
        var name = TemplateName("The template's name.");
        var command = new Command("rm", "Delete a template.") { name };
        command.SetAction(result => Run(console, () =>
        {
            var templateName = result.GetValue(name)!;
            if (!Store(console).Delete(templateName))
            {
                throw new UsageException($"There is no template '{templateName}' (aide templates list).");
            }

            console.Out.WriteLine($"Deleted the template '{templateName}'.");
        }));
        return command;
    }

    private static Argument<string> TemplateName(string description)
    {
        var argument = new Argument<string>("name") { Description = description };
        Aide.Cli.Completion.CompletionValues.AddTemplates(argument);
        return argument;
    }

    private static int Run(CliConsole console, Action action)
    {
        try
        {
            action();
            return ExitCodes.Ok;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(console, ex, json: false);
        }
    }
}
