using System.Text;
using System.Text.Json;
using Aide.Providers.OpenAI.Wire;
using Microsoft.Extensions.AI;

namespace Aide.Providers.OpenAI;

/// <summary>
/// Puts together the tool calls of a streamed answer: each arrives in fragments keyed by its index (the id and name
/// first, the arguments' JSON text in pieces), and becomes one <see cref="FunctionCallContent"/> at the end.
/// </summary>
internal sealed class StreamedToolCalls
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public void Add(List<ToolCallWire>? fragments)
    {
        foreach (var fragment in fragments ?? [])
        {
            var index = fragment.Index ?? _calls.Count;
            if (!_calls.TryGetValue(index, out var call))
            {
                call = (null, null, new StringBuilder());
            }

            _calls[index] = (call.Id ?? fragment.Id, call.Name ?? fragment.Function?.Name, call.Arguments.Append(fragment.Function?.Arguments));
        }
    }

    public List<AIContent> Complete() => [.. _calls.Values.Select(c => Call(c.Id, c.Name, c.Arguments.ToString()))];

    /// <summary>A call whose arguments are not a JSON object keeps the parse error, which the function invoker reports to the model.</summary>
    public static FunctionCallContent Call(string? id, string? name, string? arguments) =>
        FunctionCallContent.CreateFromParsedArguments(
            string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments,
            id ?? string.Empty,
            name ?? string.Empty,
            static json => JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>))) as IDictionary<string, object?>);
}
