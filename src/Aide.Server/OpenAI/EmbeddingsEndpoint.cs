using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Aide.Server.OpenAI;

/// <summary>
/// <c>POST /v1/embeddings</c>: text to vectors through the routed provider's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>
/// (the cache in front when the host put it there). No failover: two providers' vectors are not interchangeable.
/// </summary>
internal static class EmbeddingsEndpoint
{
    /// <summary>OpenAI's own bound on inputs per request.</summary>
    private const int MaxInputs = 2048;

    public static async Task HandleAsync(HttpContext context, AideGateway gateway)
    {
        var cancellationToken = context.RequestAborted;
        if (await RequestBody.ReadJsonAsync(context, gateway.Options.MaxRequestBytes, OpenAIJsonContext.Default.EmbeddingRequest, "embeddings", "'model' and 'input'") is not { } request)
        {
            return;
        }

        if (Inputs(request.Input) is not { } inputs)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"'input' must be a non-empty string or an array of 1 to {MaxInputs} non-empty strings (token arrays are not accepted: send text).", "input");
            return;
        }

        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => (bool?)null,
        };
        if (base64 is null)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"'encoding_format' must be 'float' or 'base64', not '{request.EncodingFormat}'.", "encoding_format");
            return;
        }

        if (request.Dimensions is <= 0)
        {
            await OpenAIErrors.InvalidRequestAsync(context, "'dimensions' must be at least 1.", "dimensions");
            return;
        }

        if (gateway.CreateEmbeddingGenerator is null)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, "This server makes no embeddings.", "invalid_request_error", null, "not_found");
            return;
        }

        var route = await gateway.Models.ResolveAsync(request.Model, cancellationToken);
        if (route is null)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"The model '{request.Model}' does not exist or no configured provider serves it (GET /v1/models lists them).", "invalid_request_error", "model", "model_not_found");
            return;
        }

        var provider = route.Provider ?? gateway.Options.Providers[0];
        var model = route.Model ?? request.Model ?? provider.Model ?? provider.Address;
        var generator = gateway.EmbeddingGeneratorFor(provider, model);
        var embeddings = await generator.GenerateAsync(inputs, new EmbeddingGenerationOptions { ModelId = model, Dimensions = request.Dimensions }, cancellationToken);
        if (embeddings.Count != inputs.Count)
        {
            throw new Chat.AideChatException($"{provider} returned {embeddings.Count} embeddings for {inputs.Count} inputs.") { Kind = Chat.ChatErrorKind.BadResponse, Provider = provider.ToString() };
        }

        context.Response.Headers["X-Aide-Provider"] = provider.Name;
        context.Response.ContentType = "application/json";
        var writer = context.Response.BodyWriter;
        Write(writer, embeddings, request.Model ?? model, base64.Value, embeddings.Usage?.InputTokenCount ?? 0);
        await writer.FlushAsync(cancellationToken);
    }

    private static List<string>? Inputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return input.GetString() is { Length: > 0 } one ? [one] : null;
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() is 0 or > MaxInputs)
        {
            return null;
        }

        var inputs = new List<string>(input.GetArrayLength());
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } text)
            {
                return null;
            }

            inputs.Add(text);
        }

        return inputs;
    }

    /// <summary>OpenAI's list shape, written directly: a vector is an array of numbers, or base64 of its little-endian float32 bytes.</summary>
    private static void Write(IBufferWriter<byte> output, GeneratedEmbeddings<Embedding<float>> embeddings, string model, bool base64, long promptTokens)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        for (var i = 0; i < embeddings.Count; i++)
        {
            var vector = embeddings[i].Vector.Span;
            json.WriteStartObject();
            json.WriteString("object", "embedding");
            json.WriteNumber("index", i);
            if (base64)
            {
                json.WriteBase64String("embedding", BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(vector) : LittleEndian(vector));
            }
            else
            {
                json.WriteStartArray("embedding");
                foreach (var value in vector)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("model", model);
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("total_tokens", promptTokens);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static byte[] LittleEndian(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}
