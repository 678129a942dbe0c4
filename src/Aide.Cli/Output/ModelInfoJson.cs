namespace Aide.Cli.Output;

/// <summary><c>aide models info --json</c>.</summary>
internal sealed record ModelInfoJson(
    string Name, string Path, long Bytes, string? Architecture, string? DisplayName, long Parameters, long? TrainedContext,
    bool ChatTemplate, string Template, string TemplateReason, uint GgufVersion, long Tensors, long WeightBytes, long Context, long KvCacheBytes, string? Sha256);
