namespace Aide.Models;

/// <summary>How a local model's conversation is written into its prompt (setting <c>template</c>, flag <c>--template</c>).</summary>
public enum ChatTemplate
{
    /// <summary>The model's own template when the file has one; otherwise the format its vocabulary was made for, else a plain prompt.</summary>
    Auto,

    /// <summary>The template in the file (<c>tokenizer.chat_template</c>); a file without one is refused.</summary>
    Model,

    /// <summary>ChatML (<c>&lt;|im_start|&gt;role … &lt;|im_end|&gt;</c>): Qwen, many fine-tunes, llama.cpp's server default.</summary>
    ChatMl,

    /// <summary>Llama 3 (<c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c>).</summary>
    Llama3,

    /// <summary>Llama 2 (<c>[INST] &lt;&lt;SYS&gt;&gt;</c>).</summary>
    Llama2,

    /// <summary>Mistral (<c>[INST] … [/INST]</c>, the system prompt in the first question).</summary>
    Mistral,

    /// <summary>Gemma (<c>&lt;start_of_turn&gt;user … &lt;end_of_turn&gt;</c>).</summary>
    Gemma,

    /// <summary>Phi-3 (<c>&lt;|user|&gt; … &lt;|end|&gt;</c>).</summary>
    Phi3,

    /// <summary>No chat format, for base models: a lone question is the prompt as it is; a conversation is a "User:"/"Assistant:" transcript.</summary>
    Plain,
}
