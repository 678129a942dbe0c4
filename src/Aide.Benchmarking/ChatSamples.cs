using System.Globalization;
using System.Text;

namespace Aide.Benchmarking;

/// <summary>Chat-shaped test data shared by <c>aide bench</c> and the BenchmarkDotNet suite, so both measure the same bytes.</summary>
public static class ChatSamples
{
    /// <summary>Chat-shaped JSON: an M.E.AI ChatResponse with natural-language text and per-chunk metadata, as the cache stores it.</summary>
    /// <param name="bytes">The approximate size.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] ChatJson(int bytes)
    {
        var words = "the a cache answer model token Aide context stream provider health request response window summary user assistant function value result error retry timeout".Split(' ');
        var random = new Random(42);
        var text = new StringBuilder("{\"messages\":[{\"role\":\"assistant\",\"contents\":[");
        var chunk = 0;
        while (text.Length < bytes - 120)
        {
            text.Append("{\"$type\":\"text\",\"text\":\"");
            for (var i = 0; i < 12; i++)
            {
                text.Append(words[random.Next(words.Length)]).Append(i % 5 == 4 ? ". " : " ");
            }

            text.Append("\"},");
            chunk++;
        }

        text.Append(CultureInfo.InvariantCulture, $"{{\"$type\":\"usage\",\"details\":{{\"inputTokenCount\":{chunk},\"outputTokenCount\":{chunk * 12}}}}}]}}],\"modelId\":\"gpt-4o-mini\",\"finishReason\":\"stop\"}}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A user or assistant message with the entities a conversation typically has (paths, URLs, dates, units).</summary>
    /// <param name="i">The message's number (varies the entities).</param>
    /// <returns>The message.</returns>
    public static string Sentence(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"Message {i}: could you look at src/app/module{i % 50}.cs and tell me why the request to https://api.example.com/v1/items/{i} takes 250 ms? It started on 2026-11-{1 + (i % 28):00} after we moved to 16 GB instances.");
}
