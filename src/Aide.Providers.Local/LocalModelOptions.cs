using Aide.Models;

namespace Aide.Providers.Local;

/// <summary>How local models are run. The defaults suit small machines.</summary>
public sealed class LocalModelOptions
{
    /// <summary>Gets or sets the CPU threads used for generation; <see langword="null"/> picks one per core (half the logical processors above four, which skips SMT siblings).</summary>
    public int? Threads { get; set; }

    /// <summary>Gets or sets the context window in tokens; <see langword="null"/> takes the model's trained length, capped at <see cref="MaxDefaultContextSize"/>.</summary>
    public int? ContextSize { get; set; }

    /// <summary>Gets or sets the cap on the default context window: the KV cache grows with it, and 4,096 tokens fit a small machine.</summary>
    public int MaxDefaultContextSize { get; set; } = 4096;

    /// <summary>Gets or sets how conversations are written into a model's prompt (<see cref="ChatTemplates.Resolve"/>).</summary>
    public ChatTemplate Template { get; set; }

    /// <summary>
    /// Gets or sets how many requests may wait for a model that is answering another (default 16); one more is refused
    /// at once with <see cref="Chat.ChatErrorKind.Busy"/> rather than queued without bound.
    /// </summary>
    public int MaxQueuedRequests { get; set; } = 16;

    /// <summary>Gets or sets the bytes of memory available for a model; <see langword="null"/> reads the machine's available memory. Used to refuse models that cannot fit.</summary>
    public Func<long>? AvailableMemory { get; set; }

    /// <summary>The thread count used when <see cref="Threads"/> is not set.</summary>
    internal static int DefaultThreads => Environment.ProcessorCount <= 4 ? Environment.ProcessorCount : Environment.ProcessorCount / 2;
}
