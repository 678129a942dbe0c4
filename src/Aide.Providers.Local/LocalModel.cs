using System.Diagnostics;
using System.Globalization;
using Aide.Models;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.Logging;

namespace Aide.Providers.Local;

/// <summary>One GGUF model loaded in this process: its weights, one context (KV cache) and the executor over it.</summary>
internal sealed class LocalModel : IDisposable
{
    /// <summary>Working memory beyond weights and KV cache (compute buffers, vocabulary), so "fits" means "runs".</summary>
    private const long Overhead = 256L << 20;

    private LocalModel(string path, GgufFile file, LLamaWeights weights, LLamaContext context, PrefixCachingExecutor executor, ChatTemplate template, int maxQueued, ModelParams parameters, ILogger logger)
    {
        Path = path;
        Template = template;
        File = file;
        Weights = weights;
        Context = context;
        Executor = executor;
        Queue = new LocalRequestQueue(Name, maxQueued);

        // A second context over the same weights, in embedding mode with mean pooling, made on the first embedding request.
        _embedder = new Lazy<LLamaEmbedder>(
            () => new LLamaEmbedder(weights, new ModelParams(path) { ContextSize = parameters.ContextSize, Threads = parameters.Threads, BatchThreads = parameters.BatchThreads, GpuLayerCount = 0, Embeddings = true, PoolingType = LLamaPoolingType.Mean }, logger),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private readonly Lazy<LLamaEmbedder> _embedder;

    /// <summary>Gets the model's embedder (created on first use; use it inside <see cref="Queue"/>: it is not thread-safe).</summary>
    public LLamaEmbedder Embedder => _embedder.Value;

    public string Path { get; }

    public GgufFile File { get; }

    public LLamaWeights Weights { get; }

    public LLamaContext Context { get; }

    public PrefixCachingExecutor Executor { get; }

    /// <summary>Gets the requests waiting for this model (one answers at a time).</summary>
    public LocalRequestQueue Queue { get; }

    /// <summary>Gets how conversations are written into this model's prompt (<see cref="ChatTemplate.Model"/>: its own template).</summary>
    public ChatTemplate Template { get; }

    /// <summary>The name a model goes by in responses and events: its file name without <c>.gguf</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Checks the file, checks it fits in memory, then loads it.</summary>
    /// <exception cref="InvalidModelFileException">The file is missing, not GGUF, truncated, too large, or rejected by llama.cpp.</exception>
    public static LocalModel Load(string path, LocalModelOptions options, ILoggerFactory loggerFactory)
    {
        var file = GgufFile.Read(path);
        var (template, why) = ChatTemplates.Resolve(file, options.Template);
        var contextSize = (uint)(options.ContextSize ?? (int)Math.Min(file.ContextLength ?? options.MaxDefaultContextSize, options.MaxDefaultContextSize));
        EnsureFits(file, contextSize, options);

        var logger = loggerFactory.CreateLogger("Aide.Providers.Local");
        NativeRuntime.EnsureLoaded(logger);
        var threads = options.Threads ?? LocalModelOptions.DefaultThreads;
        var parameters = new ModelParams(path)
        {
            ContextSize = contextSize,
            Threads = threads,
            BatchThreads = threads,
            GpuLayerCount = 0,
        };

        var started = Stopwatch.GetTimestamp();
        LLamaWeights weights;
        try
        {
            weights = LLamaWeights.LoadFromFile(parameters);
        }
        catch (LoadWeightsFailedException ex)
        {
            throw new InvalidModelFileException(path, $"llama.cpp could not load it ({file.Architecture ?? "unknown"} architecture); the file may be damaged or need a newer runtime.", ex);
        }

        try
        {
            var context = weights.CreateContext(parameters, logger);
            var model = new LocalModel(path, file, weights, context, new PrefixCachingExecutor(context, logger), template, options.MaxQueuedRequests, parameters, logger);
            LocalLog.ModelLoaded(logger, model.Name, file.ParameterCount, context.ContextSize, threads, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            LocalLog.TemplateChosen(logger, model.Name, ChatTemplates.NameOf(template), why);
            return model;
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Executor.Dispose();
        if (_embedder.IsValueCreated)
        {
            _embedder.Value.Dispose();
        }

        Queue.Dispose();
        Context.Dispose();
        Weights.Dispose();
    }

    private static void EnsureFits(GgufFile file, uint contextSize, LocalModelOptions options)
    {
        var weights = file.TensorDataBytes;
        var kvCache = file.EstimateKvCacheBytes(contextSize);
        var needed = weights + kvCache + Overhead;
        var available = options.AvailableMemory?.Invoke() ?? AvailableMemory();
        if (needed > available)
        {
            throw new InvalidModelFileException(file.Path, string.Create(CultureInfo.InvariantCulture,
                $"it needs about {Mb(needed)} MB of memory (weights {Mb(weights)} MB, KV cache for {contextSize:N0} tokens {Mb(kvCache)} MB, working buffers {Mb(Overhead)} MB) but {Mb(available)} MB are available. Use a smaller model (aide models pull {ModelAlias.Default.Name}) or a smaller context."));
        }
    }

    private static long Mb(long bytes) => bytes >> 20;

    /// <summary>MemAvailable on Linux (what can be had without swapping), bounded by the GC's limit (container or job limits).</summary>
    private static long AvailableMemory()
    {
        var limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (OperatingSystem.IsLinux())
        {
            try
            {
                foreach (var line in System.IO.File.ReadLines("/proc/meminfo"))
                {
                    if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(13).Trim().TrimEnd("kB").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                    {
                        return Math.Min(limit, kb * 1024);
                    }
                }
            }
            catch (IOException)
            {
                // Fall back to the GC's view below.
            }
        }

        return limit;
    }
}
