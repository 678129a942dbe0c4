using System.Runtime.CompilerServices;
using Aide.Chat;
using Aide.Models;
using LLama.Abstractions;
using LLama.Transformers;
using Microsoft.Extensions.AI;

namespace Aide.Providers.Local;

/// <summary>
/// LLamaSharp's own <see cref="Microsoft.Extensions.AI.IChatClient"/> adapter over Aide's prefix-caching executor, with
/// the model's chat template applied, and the token counts and model name LLamaSharp's adapter leaves out.
/// </summary>
internal sealed class LocalChatClient : DelegatingChatClient
{
    private readonly LocalModel _model;
    private readonly ChatClientMetadata _metadata;
    private readonly IReadOnlyList<string> _formatStops;

    public LocalChatClient(LocalModel model)
        : this(model, Format(model))
    {
    }

    private LocalChatClient(LocalModel model, IHistoryTransform format)
        : base(model.Executor.AsChatClient(format, new PassThroughTransform()))
    {
        _model = model;
        _metadata = new ChatClientMetadata("local", null, model.Name);
        _formatStops = format is FixedFormatHistoryTransform fixedFormat ? fixedFormat.StopSequences : [];
    }

    /// <summary>The model's own chat template, or for a file without one (or a template the user named) a fixed format.</summary>
    private static IHistoryTransform Format(LocalModel model) =>
        model.Template == ChatTemplate.Model ? new PromptTemplateTransformer(model.Weights, withAssistant: true) : new FixedFormatHistoryTransform(model.Template);

    /// <summary>Opens the call's record with the stop sequences it must honour: the caller's and the format's.</summary>
    private LocalRunStats BeginCall(ChatOptions? options)
    {
        var run = LocalRunStats.BeginCall();
        run.StopSequences = [.. options?.StopSequences ?? [], .. _formatStops];
        return run;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var turn = await _model.Queue.EnterAsync(cancellationToken);
        var run = BeginCall(options);
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (PromptTooLongException ex)
        {
            throw TooLong(ex);
        }

        response.ModelId ??= _model.Name;
        response.Usage = Usage(run);
        response.FinishReason = FinishReason(run, options);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var turn = await _model.Queue.EnterAsync(cancellationToken);
        var run = BeginCall(options);
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        string? messageId = null;
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (PromptTooLongException ex)
            {
                throw TooLong(ex);
            }

            var update = updates.Current;
            update.ModelId ??= _model.Name;
            messageId ??= update.MessageId;
            yield return update;
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(run))])
        {
            MessageId = messageId,
            ModelId = _model.Name,
            FinishReason = FinishReason(run, options),
        };
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    /// <summary>Length when generation stopped at the caller's token limit; otherwise the model ended its answer.</summary>
    private static ChatFinishReason FinishReason(LocalRunStats run, ChatOptions? options) =>
        run.OutputTokens >= (options?.MaxOutputTokens ?? int.MaxValue) ? ChatFinishReason.Length : ChatFinishReason.Stop;

    private static UsageDetails Usage(LocalRunStats run) => new()
    {
        InputTokenCount = run.PromptTokens,
        OutputTokenCount = run.OutputTokens,
        TotalTokenCount = run.PromptTokens + run.OutputTokens,
        CachedInputTokenCount = run.ReusedTokens,
    };

    private static AideChatException TooLong(PromptTooLongException ex) =>
        new(ex.Message, ex) { Kind = ChatErrorKind.BadRequest, StatusCode = 413, PromptTokens = ex.PromptTokens, ContextTokens = ex.ContextSize };

    /// <summary>LLamaSharp's default output transform cuts "User:"-style role names out of answers; Aide's executor stops on the model's own end tokens instead.</summary>
    private sealed class PassThroughTransform : ITextStreamTransform
    {
        public IAsyncEnumerable<string> TransformAsync(IAsyncEnumerable<string> tokens) => tokens;

        public ITextStreamTransform Clone() => this;
    }
}
