namespace Aide.Configuration;

/// <summary>The kinds of model provider Aide can talk to.</summary>
public enum ProviderKind
{
    /// <summary>Any OpenAI-compatible HTTP endpoint (OpenAI, vLLM, llama.cpp server, LM Studio, …).</summary>
    OpenAI,

    /// <summary>An Ollama server.</summary>
    Ollama,

    /// <summary>A GGUF model run in-process (not available in this build yet).</summary>
    Local,
}
