namespace Aide.Models;

/// <summary>
/// Picks how a local model is prompted. Many GGUF files carry no chat template (base models, some conversions); llama.cpp
/// would refuse them. Like llama.cpp's server and Ollama, Aide falls back instead: to the chat format whose special tokens
/// the vocabulary has (a model trained on ChatML has <c>&lt;|im_start|&gt;</c>), else to a plain prompt.
/// </summary>
public static class ChatTemplates
{
    /// <summary>The special tokens that identify each format in a vocabulary.</summary>
    internal static readonly IReadOnlySet<string> Markers = new HashSet<string>(StringComparer.Ordinal)
    {
        "<|im_start|>", "<|start_header_id|>", "<start_of_turn>", "<|user|>", "[INST]",
    };

    /// <summary>The setting's accepted names, as the CLI shows them.</summary>
    public static readonly IReadOnlyList<string> Names = ["auto", "model", "chatml", "llama3", "llama2", "mistral", "gemma", "phi3", "plain"];

    /// <summary>Parses a setting value (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="template">The template, when recognised.</param>
    /// <returns>Whether the name is one of <see cref="Names"/>.</returns>
    public static bool TryParse(string? name, out ChatTemplate template)
    {
        var index = Names.ToList().FindIndex(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        template = index < 0 ? ChatTemplate.Auto : (ChatTemplate)index;
        return index >= 0;
    }

    /// <summary>The setting name of a template.</summary>
    /// <param name="template">The template.</param>
    /// <returns>Its name.</returns>
    public static string NameOf(ChatTemplate template) => Names[(int)template];

    /// <summary>Decides the template a file is prompted with, and why.</summary>
    /// <param name="file">The model's header.</param>
    /// <param name="requested">The setting.</param>
    /// <returns>The template (<see cref="ChatTemplate.Model"/> for the file's own) and a reason people can read.</returns>
    /// <exception cref="InvalidModelFileException"><see cref="ChatTemplate.Model"/> was asked for and the file has none.</exception>
    public static (ChatTemplate Template, string Reason) Resolve(GgufFile file, ChatTemplate requested)
    {
        ArgumentNullException.ThrowIfNull(file);
        switch (requested)
        {
            case ChatTemplate.Model when !file.HasChatTemplate:
                throw new InvalidModelFileException(file.Path, "it has no chat template (tokenizer.chat_template), and template is set to 'model'. Use template auto, or name one: " + string.Join(", ", Names.Skip(2)) + ".");
            case ChatTemplate.Model:
            case ChatTemplate.Auto when file.HasChatTemplate:
                return (ChatTemplate.Model, "the model's own (tokenizer.chat_template)");
            case ChatTemplate.Auto:
                var markers = file.ChatMarkers;
                var (template, why) =
                    markers.Contains("<|im_start|>") ? (ChatTemplate.ChatMl, "its vocabulary has ChatML's markers")
                    : markers.Contains("<|start_header_id|>") ? (ChatTemplate.Llama3, "its vocabulary has Llama 3's markers")
                    : markers.Contains("<start_of_turn>") ? (ChatTemplate.Gemma, "its vocabulary has Gemma's markers")
                    : markers.Contains("<|user|>") ? (ChatTemplate.Phi3, "its vocabulary has Phi-3's markers")
                    : markers.Contains("[INST]") ? (ChatTemplate.Mistral, "its vocabulary has Mistral's markers")
                    : (ChatTemplate.Plain, "a base model: no chat format in its vocabulary");
                return (template, $"none in the file; {NameOf(template)}, as {why}");
            default:
                return (requested, "set by template");
        }
    }
}
