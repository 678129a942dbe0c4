using System.Text;

namespace Aide.Testing;

/// <summary>
/// Writes a tiny but real llama-architecture GGUF model whose greedy output is known in advance, so tests can load it
/// with the real llama.cpp runtime and assert exact text. One layer whose attention and feed-forward weights are zero,
/// so the residual stream is the current token's one-hot embedding; the output matrix maps each token to its successor:
/// the newline that ends the ChatML assistant header predicts 'a', each letter the next one, and 'z' predicts
/// <c>&lt;|im_end|&gt;</c> (end of sequence). Whatever the question, the answer is the alphabet, then end of sequence.
/// The vocabulary is byte-level: three control tokens, the two ChatML markers, and the 256 byte tokens (261 in all).
/// </summary>
public static class TinyLlamaModel
{
    /// <summary>What the model answers to any question.</summary>
    public const string Answer = "abcdefghijklmnopqrstuvwxyz";

    private const int Embedding = 288; // ≥ vocabulary size, so one-hot embeddings fit; 4 heads of 72
    private const int Heads = 4;
    private const int FeedForward = 32;
    private const int EndOfSequence = 4; // <|im_end|>
    private const int FirstByteToken = 5;

    /// <summary>Writes the model; about 1.4 MB with the defaults.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="contextLength">The trained context length written into the header.</param>
    /// <param name="layers">Transformer blocks. All-zero weights add nothing to the residual stream, so the answer is
    /// the same at any size; more and wider blocks only cost compute (benchmarks use this for a realistic per-token time).</param>
    /// <param name="feedForward">Width of each block's feed-forward layer.</param>
    /// <param name="chatTemplate">Whether the file carries its ChatML template; without it (as many base models) Aide falls back to a format.</param>
    public static string Write(string path, int contextLength = 512, int layers = 1, int feedForward = FeedForward, bool chatTemplate = true)
    {
        string[] control = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"];
        var tokens = control.Concat(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>")).ToArray();
        var types = new[] { 2, 3, 3, 3, 3 }.Concat(Enumerable.Repeat(6, 256)).ToArray(); // unknown, control…, byte
        var vocabulary = tokens.Length;

        var embeddings = new float[vocabulary * Embedding];
        var output = new float[vocabulary * Embedding];
        for (var token = 0; token < vocabulary; token++)
        {
            embeddings[(token * Embedding) + token] = 1f;
            output[(Successor(token) * Embedding) + token] = 10f; // logit ≈ 10·√288 ≈ 170 for the successor, 0 for the rest
        }

        var tensors = new List<(string Name, long[] Shape, float[] Data)>
        {
            ("token_embd.weight", [Embedding, vocabulary], embeddings),
            ("output_norm.weight", [Embedding], Ones(Embedding)),
            ("output.weight", [Embedding, vocabulary], output),
        };
        for (var layer = 0; layer < layers; layer++)
        {
            tensors.Add(($"blk.{layer}.attn_norm.weight", [Embedding], Ones(Embedding)));
            tensors.Add(($"blk.{layer}.attn_q.weight", [Embedding, Embedding], new float[Embedding * Embedding]));
            tensors.Add(($"blk.{layer}.attn_k.weight", [Embedding, Embedding], new float[Embedding * Embedding]));
            tensors.Add(($"blk.{layer}.attn_v.weight", [Embedding, Embedding], new float[Embedding * Embedding]));
            tensors.Add(($"blk.{layer}.attn_output.weight", [Embedding, Embedding], new float[Embedding * Embedding]));
            tensors.Add(($"blk.{layer}.ffn_norm.weight", [Embedding], Ones(Embedding)));
            tensors.Add(($"blk.{layer}.ffn_gate.weight", [Embedding, feedForward], new float[Embedding * feedForward]));
            tensors.Add(($"blk.{layer}.ffn_up.weight", [Embedding, feedForward], new float[Embedding * feedForward]));
            tensors.Add(($"blk.{layer}.ffn_down.weight", [feedForward, Embedding], new float[Embedding * feedForward]));
        }

        var metadata = new List<Action<BinaryWriter>>
        {
            w => String(w, "general.architecture", "llama"),
            w => String(w, "general.name", "aide-tiny-alphabet"),
            w => UInt32(w, "llama.context_length", (uint)contextLength),
            w => UInt32(w, "llama.embedding_length", Embedding),
            w => UInt32(w, "llama.block_count", (uint)layers),
            w => UInt32(w, "llama.feed_forward_length", (uint)feedForward),
            w => UInt32(w, "llama.attention.head_count", Heads),
            w => UInt32(w, "llama.attention.head_count_kv", Heads),
            w => Key(w, "llama.attention.layer_norm_rms_epsilon", 6).Write(1e-5f),
            w => String(w, "tokenizer.ggml.model", "llama"),
            w => Array(w, "tokenizer.ggml.tokens", 8, tokens.Length, i => WriteString(w, tokens[i])),
            w => Array(w, "tokenizer.ggml.scores", 6, tokens.Length, _ => w.Write(0f)),
            w => Array(w, "tokenizer.ggml.token_type", 5, types.Length, i => w.Write(types[i])),
            w => UInt32(w, "tokenizer.ggml.bos_token_id", 1),
            w => UInt32(w, "tokenizer.ggml.eos_token_id", EndOfSequence),
            w => UInt32(w, "tokenizer.ggml.unknown_token_id", 0),
            w => Key(w, "tokenizer.ggml.add_bos_token", 7).Write(false),
            w => Key(w, "tokenizer.ggml.add_space_prefix", 7).Write(false),
        };
        if (chatTemplate)
        {
            metadata.Add(w => String(w, "tokenizer.chat_template",
                "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"));
        }

        using var writer = new BinaryWriter(File.Create(path));
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var entry in metadata)
        {
            entry(writer);
        }

        ulong offset = 0;
        foreach (var (name, shape, data) in tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                writer.Write((ulong)dimension);
            }

            writer.Write(0u); // F32
            writer.Write(offset);
            offset += Align((ulong)data.Length * sizeof(float));
        }

        Pad(writer);
        foreach (var (_, _, data) in tensors)
        {
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan())); // GGUF is little-endian, as is every CPU llama.cpp runs on here

            Pad(writer);
        }

        return path;
    }

    private static int Successor(int token) => token switch
    {
        FirstByteToken + '\n' => FirstByteToken + 'a',
        >= FirstByteToken + 'a' and < FirstByteToken + 'z' => token + 1,
        _ => EndOfSequence,
    };

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();

    private static BinaryWriter Key(BinaryWriter writer, string key, uint type)
    {
        WriteString(writer, key);
        writer.Write(type);
        return writer;
    }

    private static void UInt32(BinaryWriter writer, string key, uint value) => Key(writer, key, 4).Write(value);

    private static void String(BinaryWriter writer, string key, string value) => WriteString(Key(writer, key, 8), value);

    private static void Array(BinaryWriter writer, string key, uint elementType, int count, Action<int> element)
    {
        Key(writer, key, 9).Write(elementType);
        writer.Write((ulong)count);
        for (var i = 0; i < count; i++)
        {
            element(i);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static ulong Align(ulong bytes) => (bytes + 31) / 32 * 32;

    private static void Pad(BinaryWriter writer)
    {
        while (writer.BaseStream.Position % 32 != 0)
        {
            writer.Write((byte)0);
        }
    }
}
