using System.Buffers;
using System.Text;
using System.Text.Json;
using Aide.Configuration;
using Aide.Storage;

namespace Aide.Cli.Templates;

/// <summary>
/// Templates as small JSON files in the config folder's <c>templates/</c> (<c>NAME.json</c>, private to the user):
/// <c>{ "system": "…", "model": "…", "temperature": 0.2, "maxTokens": 500, "prompt": "… $input" }</c>.
/// </summary>
internal sealed class PromptTemplateStore(string directory)
{
    /// <summary>A template is a few prompts; 256 KB holds long ones many times over and bounds a wrong file.</summary>
    private const long MaxBytes = 256 << 10;

    private static readonly string[] Fields = ["system", "model", "temperature", "maxTokens", "prompt"];

    public string Directory { get; } = directory;

    /// <summary>The store in the config folder <paramref name="environment"/> locates (<see langword="null"/>: the process's).</summary>
    public static PromptTemplateStore For(IReadOnlyDictionary<string, string?>? environment) =>
        new(Configuration.AidePaths.Resolve(environment).TemplatesDirectory);

    /// <summary>Whether a name can be a template's file name: letters, digits, '.', '-', '_', not starting with '.', up to 64.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public string PathFor(string name) => IsValidName(name)
        ? Path.Combine(Directory, name + ".json")
        : throw new UsageException($"'{name}' cannot be a template name: use letters, digits, '-', '_' and '.', up to 64 characters.");

    /// <summary>The saved templates' names, in order.</summary>
    public IReadOnlyList<string> Names() => System.IO.Directory.Exists(Directory)
        ? [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IsValidName).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Loads a template; an unknown name lists the ones there are.</summary>
    public PromptTemplate Load(string name)
    {
        var path = PathFor(name);
        if (!File.Exists(path))
        {
            var names = Names();
            throw new UsageException(names.Count == 0
                ? $"There is no template '{name}' (none saved yet): create one with aide templates edit {name} --prompt \"…\" (or in your $EDITOR)."
                : $"There is no template '{name}'. Saved: {string.Join(", ", names)}.");
        }

        return Parse(name, InputFile.ReadAllText(path, MaxBytes, $"the template {path}"), path);
    }

    /// <summary>Reads a template's JSON; errors name the file and the field.</summary>
    public static PromptTemplate Parse(string name, string text, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 4 });
        }
        catch (JsonException ex)
        {
            throw new AideConfigurationException($"The template {path} is not valid JSON (line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}): fix it with aide templates edit {name}.", ex) { ValueSource = path };
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new AideConfigurationException($"The template {path} must hold a JSON object with {string.Join(", ", Fields)}.") { ValueSource = path };
            }

            var template = new PromptTemplate(name);
            foreach (var field in document.RootElement.EnumerateObject())
            {
                var value = field.Value;
                string? Text(bool number) => value.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number when number => value.GetRawText(),
                    _ => throw new AideConfigurationException($"'{field.Name}' in the template {path} must be {(number ? "a number" : "a string")}.") { Key = field.Name, ValueSource = path },
                };

                template = field.Name switch
                {
                    "system" => template with { System = Text(false) },
                    "model" => template with { Model = Text(false) },
                    "temperature" => template with { Temperature = Text(true) },
                    "maxTokens" => template with { MaxTokens = Text(true) },
                    "prompt" => template with { Prompt = Text(false) },
                    _ => throw new AideConfigurationException($"Unknown field '{field.Name}' in the template {path}; known: {string.Join(", ", Fields)}.") { Key = field.Name, ValueSource = path },
                };
            }

            return template;
        }
    }

    /// <summary>Writes a template atomically, readable by its owner only.</summary>
    public void Save(PromptTemplate template)
    {
        var path = PathFor(template.Name);
        PrivateDirectory.Create(Directory);
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(ToJson(template)));
    }

    public bool Delete(string name)
    {
        var path = PathFor(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>The template as indented JSON, numbers as numbers.</summary>
    public static string ToJson(PromptTemplate template)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            WriteString(writer, "system", template.System);
            WriteString(writer, "model", template.Model);
            WriteNumber(writer, "temperature", template.Temperature);
            WriteNumber(writer, "maxTokens", template.MaxTokens);
            WriteString(writer, "prompt", template.Prompt);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(value);
        }
        else
        {
            writer.WriteString(name, value); // kept as typed; the settings say what is wrong with it when it is used
        }
    }
}
