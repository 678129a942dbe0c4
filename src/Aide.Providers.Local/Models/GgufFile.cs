using System.Globalization;
using System.Text;

namespace Aide.Models;

/// <summary>
/// What a GGUF model file says about itself, read from its header without loading it: architecture, context length,
/// parameter count, size of the weights. Reading it first lets Aide refuse a truncated, foreign or oversized file with
/// a clear message instead of handing it to the native runtime, which may crash the process on bad input.
/// </summary>
/// <remarks>
/// Hand-written because no maintained .NET package reads GGUF headers without the native llama.cpp runtime
/// (LLamaSharp reads metadata only after the model is loaded). The format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md.
/// </remarks>
public sealed class GgufFile
{
    private const uint Magic = 0x46554747; // "GGUF" little-endian
    private const int MaxStringBytes = 1 << 26;
    private const long MaxCount = 1L << 32;

    private GgufFile(string path, uint version, IReadOnlyDictionary<string, object> metadata, long tensorCount, long parameterCount, long dataOffset, long dataBytes, long fileLength)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        TensorCount = tensorCount;
        ParameterCount = parameterCount;
        DataOffset = dataOffset;
        TensorDataBytes = dataBytes;
        FileLength = fileLength;
    }

    /// <summary>Gets the file's path.</summary>
    public string Path { get; }

    /// <summary>Gets the GGUF format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Gets the metadata: strings, numbers, booleans; arrays are summarised as <c>array[N]</c> (the vocabulary is large).</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>Gets the number of tensors.</summary>
    public long TensorCount { get; }

    /// <summary>Gets the number of weights across all tensors.</summary>
    public long ParameterCount { get; }

    /// <summary>Gets where the tensor data starts.</summary>
    public long DataOffset { get; }

    /// <summary>Gets the bytes of tensor data the header describes (what loading maps into memory).</summary>
    public long TensorDataBytes { get; }

    /// <summary>Gets the file's length in bytes.</summary>
    public long FileLength { get; }

    /// <summary>Gets <c>general.architecture</c> (llama, qwen2, phi3, …).</summary>
    public string? Architecture => Text("general.architecture");

    /// <summary>Gets <c>general.name</c>, if the file has one.</summary>
    public string? Name => Text("general.name");

    /// <summary>Gets the context length the model was trained with (<c>ARCH.context_length</c>).</summary>
    public long? ContextLength => Architecture is { } arch ? Number($"{arch}.context_length") : null;

    /// <summary>Gets whether the file carries a chat template (instruct models do).</summary>
    public bool HasChatTemplate => Metadata.ContainsKey("tokenizer.chat_template");

    /// <summary>Gets the chat formats' special tokens found in the vocabulary (see <see cref="ChatTemplates.Markers"/>).</summary>
    internal IReadOnlySet<string> ChatMarkers { get; private init; } = new HashSet<string>();

    /// <summary>Gets a one-line description for listings and probes: architecture and parameter count.</summary>
    internal string Summary => string.Create(CultureInfo.InvariantCulture, $"{Architecture ?? "unknown architecture"}, {ParameterCount / 1e6:0.#}M parameters");

    /// <summary>Estimates the KV cache a context of <paramref name="contextSize"/> tokens needs (16-bit keys and values, as llama.cpp defaults to).</summary>
    /// <param name="contextSize">The context window in tokens.</param>
    /// <returns>Bytes, or 0 when the header lacks the attention shape.</returns>
    public long EstimateKvCacheBytes(long contextSize)
    {
        if (Architecture is not { } arch || Number($"{arch}.block_count") is not { } layers
            || Number($"{arch}.embedding_length") is not { } embedding || Number($"{arch}.attention.head_count") is not { } heads || heads == 0)
        {
            return 0;
        }

        var kvHeads = Number($"{arch}.attention.head_count_kv") ?? heads;
        var kvWidth = embedding / heads * kvHeads;
        return contextSize * layers * kvWidth * 2 * sizeof(short);
    }

    /// <summary>Reads and checks a GGUF file's header.</summary>
    /// <param name="path">The file.</param>
    /// <returns>What the header says.</returns>
    /// <exception cref="InvalidModelFileException">The file is missing, not GGUF, or shorter than its header says.</exception>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        switch (Storage.InputFile.KindOf(path))
        {
            case Storage.InputFile.Kind.Directory:
                throw new InvalidModelFileException(path, "it is a folder, not a model file.");
            case Storage.InputFile.Kind.Special:
                throw new InvalidModelFileException(path, "it is not a regular file (a device, pipe or socket).");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidModelFileException(path, "the file does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidModelFileException(path, $"it cannot be read: {ex.Message}", ex);
        }

        using (stream)
        {
            try
            {
                return Parse(path, stream);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidModelFileException(path, $"the file ends inside its header ({stream.Length:N0} bytes); it is truncated, e.g. an interrupted download.", ex);
            }
        }
    }

    private static GgufFile Parse(string path, FileStream stream)
    {
        var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (stream.Length < 4 || reader.ReadUInt32() != Magic)
        {
            throw new InvalidModelFileException(path, "it is not a GGUF model file (no GGUF signature). Aide runs GGUF models, e.g. from https://huggingface.co/models?library=gguf.");
        }

        var version = reader.ReadUInt32();
        if (version is < 2 or > 3)
        {
            throw new InvalidModelFileException(path, $"it is GGUF version {version}; this runtime reads versions 2 and 3.");
        }

        var tensorCount = Count(reader, path, "tensor count");
        var metadataCount = Count(reader, path, "metadata count");
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        var markers = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < metadataCount; i++)
        {
            var key = ReadString(reader, path);
            var type = (GgufType)reader.ReadUInt32();
            metadata[key] = key == "tokenizer.ggml.tokens" && type == GgufType.Array ? ReadVocabulary(reader, path, markers) : ReadValue(reader, type, path);
        }

        long parameters = 0, dataBytes = 0;
        for (long i = 0; i < tensorCount; i++)
        {
            _ = ReadString(reader, path);
            var dimensions = reader.ReadUInt32();
            if (dimensions > 8)
            {
                throw new InvalidModelFileException(path, $"a tensor has {dimensions} dimensions; the header is damaged.");
            }

            long elements = 1;
            for (var d = 0; d < dimensions; d++)
            {
                elements = checked(elements * (long)reader.ReadUInt64());
            }

            var type = reader.ReadUInt32();
            var offset = (long)reader.ReadUInt64();
            parameters += elements;
            if (GgmlTypes.TryGetSize(type, elements, out var bytes))
            {
                dataBytes = Math.Max(dataBytes, offset + bytes);
            }
        }

        var alignment = metadata.TryGetValue("general.alignment", out var a) ? Convert.ToInt64(a, CultureInfo.InvariantCulture) : 32;
        var dataOffset = (stream.Position + alignment - 1) / alignment * alignment;
        if (stream.Length < dataOffset + dataBytes)
        {
            throw new InvalidModelFileException(path, $"the file is {stream.Length:N0} bytes but its header describes {dataOffset + dataBytes:N0}; it is truncated, e.g. an interrupted download.");
        }

        return new GgufFile(path, version, metadata, tensorCount, parameters, dataOffset, dataBytes, stream.Length) { ChatMarkers = markers };
    }

    private string? Text(string key) => Metadata.TryGetValue(key, out var value) ? value as string : null;

    private long? Number(string key) =>
        Metadata.TryGetValue(key, out var value) && value is IConvertible and not string and not bool ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    private static long Count(BinaryReader reader, string path, string what)
    {
        var count = reader.ReadUInt64();
        return count < MaxCount ? (long)count : throw new InvalidModelFileException(path, $"its {what} ({count}) is impossible; the header is damaged.");
    }

    private static string ReadString(BinaryReader reader, string path)
    {
        var length = reader.ReadUInt64();
        if (length > MaxStringBytes)
        {
            throw new InvalidModelFileException(path, $"a header string claims {length:N0} bytes; the header is damaged.");
        }

        var bytes = reader.ReadBytes((int)length);
        return bytes.Length == (int)length ? Encoding.UTF8.GetString(bytes) : throw new EndOfStreamException();
    }

    private static object ReadValue(BinaryReader reader, GgufType type, string path) => type switch
    {
        GgufType.UInt8 => reader.ReadByte(),
        GgufType.Int8 => reader.ReadSByte(),
        GgufType.UInt16 => reader.ReadUInt16(),
        GgufType.Int16 => reader.ReadInt16(),
        GgufType.UInt32 => reader.ReadUInt32(),
        GgufType.Int32 => reader.ReadInt32(),
        GgufType.Float32 => reader.ReadSingle(),
        GgufType.Bool => reader.ReadByte() != 0,
        GgufType.String => ReadString(reader, path),
        GgufType.UInt64 => reader.ReadUInt64(),
        GgufType.Int64 => reader.ReadInt64(),
        GgufType.Float64 => reader.ReadDouble(),
        GgufType.Array => SkipArray(reader, path),
        _ => throw new InvalidModelFileException(path, $"a metadata value has unknown type {(uint)type}; the header is damaged."),
    };

    /// <summary>
    /// Skips the vocabulary, noting which chat formats' markers it has as tokens: a model without a chat template is
    /// prompted in the format its vocabulary was made for (<see cref="ChatTemplates"/>).
    /// </summary>
    private static string ReadVocabulary(BinaryReader reader, string path, HashSet<string> markers)
    {
        var elementType = (GgufType)reader.ReadUInt32();
        var count = Count(reader, path, "array length");
        for (long i = 0; i < count; i++)
        {
            if (ReadValue(reader, elementType, path) is string token && ChatTemplates.Markers.Contains(token))
            {
                markers.Add(token);
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"array[{count}]");
    }

    /// <summary>Arrays (vocabulary, merges, scores) are skipped: nothing Aide shows needs them.</summary>
    private static string SkipArray(BinaryReader reader, string path)
    {
        var elementType = (GgufType)reader.ReadUInt32();
        var count = Count(reader, path, "array length");
        var fixedSize = elementType switch
        {
            GgufType.UInt8 or GgufType.Int8 or GgufType.Bool => 1,
            GgufType.UInt16 or GgufType.Int16 => 2,
            GgufType.UInt32 or GgufType.Int32 or GgufType.Float32 => 4,
            GgufType.UInt64 or GgufType.Int64 or GgufType.Float64 => 8,
            _ => 0,
        };
        if (fixedSize > 0)
        {
            reader.BaseStream.Seek(checked(count * fixedSize), SeekOrigin.Current);
            if (reader.BaseStream.Position > reader.BaseStream.Length)
            {
                throw new EndOfStreamException();
            }
        }
        else
        {
            for (long i = 0; i < count; i++)
            {
                _ = ReadValue(reader, elementType, path);
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"array[{count}]");
    }


    private enum GgufType : uint
    {
        UInt8 = 0,
        Int8 = 1,
        UInt16 = 2,
        Int16 = 3,
        UInt32 = 4,
        Int32 = 5,
        Float32 = 6,
        Bool = 7,
        String = 8,
        Array = 9,
        UInt64 = 10,
        Int64 = 11,
        Float64 = 12,
    }
}
