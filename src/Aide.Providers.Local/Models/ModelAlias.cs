namespace Aide.Models;

/// <summary>A short name for a GGUF model on a public hub, so <c>aide models pull NAME</c> needs no URL.</summary>
/// <param name="Name">The alias.</param>
/// <param name="Url">Where the file is downloaded from.</param>
/// <param name="FileName">The file name it is saved under in the models folder.</param>
/// <param name="Description">One line for listings.</param>
public sealed record ModelAlias(string Name, Uri Url, string FileName, string Description)
{
    /// <summary>
    /// The name of <see cref="Default"/>, for texts built at start-up: a constant, because reading <see cref="Default"/>
    /// parses every alias's URL, and the first URL with a host name builds Uri's domain-name tables: ~1 % of a native-AOT
    /// aide's start (perf samples), paid by every command while its help texts were built.
    /// </summary>
    public const string DefaultName = "qwen2.5-0.5b";

    /// <summary>The default small instruct model: Qwen2.5 0.5B Instruct, Q4_K_M (about 490 MB, Apache-2.0), runs on any machine.</summary>
    public static ModelAlias Default { get; } = new(
        DefaultName,
        new Uri("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf"),
        "qwen2.5-0.5b-instruct-q4_k_m.gguf",
        "Qwen2.5 0.5B Instruct, Q4_K_M, ~490 MB: the default small model");

    /// <summary>Gets the known aliases.</summary>
    public static IReadOnlyList<ModelAlias> All { get; } =
    [
        Default,
        new(
            "qwen2.5-1.5b",
            new Uri("https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
            "qwen2.5-1.5b-instruct-q4_k_m.gguf",
            "Qwen2.5 1.5B Instruct, Q4_K_M, ~1.1 GB"),
        new(
            "llama3.2-1b",
            new Uri("https://huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF/resolve/main/Llama-3.2-1B-Instruct-Q4_K_M.gguf"),
            "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
            "Llama 3.2 1B Instruct, Q4_K_M, ~810 MB"),
    ];

    /// <summary>Finds an alias by name (case-insensitive).</summary>
    /// <param name="name">The alias.</param>
    /// <returns>The alias, or <see langword="null"/>.</returns>
    public static ModelAlias? Find(string name) => All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
