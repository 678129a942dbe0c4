using System.Runtime.CompilerServices;
using LLama;
using LLama.Abstractions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>
/// A stateful LLamaSharp executor that keeps the conversation's tokens in the KV cache between calls and evaluates
/// only what changed: each prompt is the whole templated history, the part that matches the cache is reused, the
/// rest is decoded. LLamaSharp's <see cref="InteractiveExecutor"/> keeps state too, but assumes every call only appends
/// one user line and injects its own "User:" text after an end-of-sequence; Aide sends the full (windowed) history, so
/// matching prefixes is both correct when turns are dropped or the session changes and free when they are not.
/// </summary>
internal sealed class PrefixCachingExecutor(LLamaContext context, ILogger logger) : ILLamaExecutor, IDisposable
{
    private static readonly LLamaSeqId Sequence = LLamaSeqId.Zero;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<LLamaToken> _cached = [];
    private readonly LLamaBatch _batch = new();

    public LLamaContext Context { get; } = context;

    public bool IsMultiModal => false;

    public MtmdWeights? ClipModel => null;

    public List<SafeMtmdEmbed> Embeds { get; } = [];

    /// <summary>Gets the token counts of the last call that finished (usage is reported from <see cref="LocalRunStats.Current"/>).</summary>
    public LocalRunStats LastRun { get; private set; } = new();

    public async IAsyncEnumerable<string> InferAsync(string text, IInferenceParams? inferenceParams = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        await _gate.WaitAsync(cancellationToken);
        ISamplingPipeline? sampler = null;
        var run = LocalRunStats.Current ?? new LocalRunStats();
        try
        {
            var contextSize = (int)Context.ContextSize;
            var prompt = Context.Tokenize(text, addBos: true, special: true);
            if (prompt.Length >= contextSize)
            {
                throw new PromptTooLongException(prompt.Length, contextSize);
            }

            var reused = await EvaluatePromptAsync(prompt, cancellationToken);
            (run.PromptTokens, run.ReusedTokens) = (prompt.Length, reused);
            LocalLog.PromptEvaluated(logger, prompt.Length, reused, prompt.Length - reused);

            sampler = inferenceParams?.SamplingPipeline ?? new DefaultSamplingPipeline();
            var maxTokens = inferenceParams?.MaxTokens is > 0 and var max ? max : int.MaxValue;
            var decoder = new StreamingTokenDecoder(Context) { DecodeSpecialTokens = false };
            var stops = new StopSequenceFilter(run.StopSequences);
            var logitsIndex = _batch.TokenCount - 1;
            for (var generated = 0; generated < maxTokens && _cached.Count < contextSize && !stops.Stopped; generated++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = sampler.Sample(Context.NativeHandle, logitsIndex);
                if (token.IsEndOfGeneration(Context.Vocab))
                {
                    break;
                }

                decoder.Add(token);
                var piece = stops.Filter(decoder.Read());
                run.OutputTokens = generated + 1;

                // Feed the token back so the next one can be sampled, and keep it: the next turn's prompt repeats it.
                _batch.Clear();
                _batch.Add(token, _cached.Count, Sequence, true);
                await DecodeAsync(cancellationToken);
                _cached.Add(token);
                logitsIndex = 0;
                if (piece.Length > 0)
                {
                    yield return piece;
                }
            }

            // Text held back as the possible start of a stop sequence that never came belongs to the answer.
            if (!stops.Stopped && stops.Flush() is { Length: > 0 } rest)
            {
                yield return rest;
            }
        }
        finally
        {
            // LLamaSharp's IChatClient adapter builds a new sampling pipeline (a native sampler chain) for every request
            // and never disposes it; the executor is its last user.
            (sampler as IDisposable)?.Dispose();
            LastRun = run;
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached conversation (the next call evaluates its whole prompt).</summary>
    public void Reset()
    {
        _gate.Wait();
        try
        {
            Context.NativeHandle.MemoryClear(true);
            _cached.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Decodes the part of the prompt that differs from the cache; returns how many tokens were reused.</summary>
    private async Task<int> EvaluatePromptAsync(LLamaToken[] prompt, CancellationToken cancellationToken)
    {
        var common = 0;
        while (common < _cached.Count && common < prompt.Length && _cached[common] == prompt[common])
        {
            common++;
        }

        // The last prompt token is always decoded again: its logits pick the first answer token.
        common = Math.Min(common, prompt.Length - 1);
        if (common < _cached.Count)
        {
            Context.NativeHandle.MemorySequenceRemove(Sequence, common, -1);
            _cached.RemoveRange(common, _cached.Count - common);
        }

        var batchSize = (int)Context.BatchSize;
        for (var start = common; start < prompt.Length; start += batchSize)
        {
            var end = Math.Min(start + batchSize, prompt.Length);
            _batch.Clear();
            for (var i = start; i < end; i++)
            {
                _batch.Add(prompt[i], i, Sequence, i == prompt.Length - 1);
            }

            await DecodeAsync(cancellationToken);
            for (var i = start; i < end; i++)
            {
                _cached.Add(prompt[i]);
            }
        }

        return common;
    }

    private async Task DecodeAsync(CancellationToken cancellationToken)
    {
        var result = await Context.DecodeAsync(_batch, cancellationToken);
        if (result != DecodeResult.Ok)
        {
            // The KV cache may now hold part of the batch: forget it all so the next call starts clean.
            Context.NativeHandle.MemoryClear(true);
            _cached.Clear();
            throw new InvalidOperationException($"llama.cpp could not evaluate the prompt ({result}).");
        }
    }
}
