using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Aide.Tools.BuiltIn;

/// <summary>
/// One of Aide's own tools: an <see cref="AIFunction"/> with a hand-written JSON schema (no reflection over a method,
/// which Native AOT could not keep), and argument readers that take what models send (JSON values or strings).
/// </summary>
internal abstract class BuiltInTool(string name, string description, string schema) : AIFunction
{
    private readonly JsonElement _schema = JsonDocument.Parse(schema).RootElement.Clone();

    public override string Name => name;

    public override string Description => description;

    public override JsonElement JsonSchema => _schema;

    /// <summary>Gets a value indicating whether the tool only reads.</summary>
    public abstract bool ReadOnly { get; }

    /// <summary>A one-line account of a call for the approval prompt, or <see langword="null"/> to show the arguments.</summary>
    public virtual string? Describe(AIFunctionArguments arguments) => null;

    protected static string RequiredString(AIFunctionArguments arguments, string name) =>
        OptionalString(arguments, name) is { Length: > 0 } value ? value : throw new ArgumentException($"The argument '{name}' is required.");

    protected static string? OptionalString(AIFunctionArguments arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            null => null,
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            JsonElement element => element.GetRawText(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;

    protected static int? OptionalInt(AIFunctionArguments arguments, string name) =>
        OptionalString(arguments, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
