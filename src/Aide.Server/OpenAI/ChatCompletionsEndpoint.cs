using System.Buffers;
using System.Text.Json;
using Aide.Chat;
using Aide.Events;
using Aide.Turns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace Aide.Server.OpenAI;

/// <summary><c>POST /v1/chat/completions</c>: one stateless turn through Aide's engine, answered as JSON or as an SSE stream.</summary>
internal static class ChatCompletionsEndpoint
{
    public static async Task HandleAsync(HttpContext context, AideGateway gateway)
    {
        var started = gateway.TimeProvider.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        if (await RequestBody.ReadJsonAsync(context, gateway.Options.MaxRequestBytes, OpenAIJsonContext.Default.ChatCompletionRequest, "chat completions", "'model' and 'messages'") is not { } request)
        {
            return;
        }

        if (RequestMapping.TryMap(request, out var messages, out var options) is { } problem)
        {
            await OpenAIErrors.InvalidRequestAsync(context, problem.Message, problem.Param);
            return;
        }

        var route = await gateway.Models.ResolveAsync(request.Model, cancellationToken);
        if (route is null)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"The model '{request.Model}' does not exist or no configured provider serves it (GET /v1/models lists them).", "invalid_request_error", "model", "model_not_found");
            return;
        }

        options.ModelId = route.Model;
        if (options.Tools is null && gateway.Options.ServerTools is { } serverTools)
        {
            options.Tools = await serverTools(cancellationToken);
        }

        var requestId = RequestId(context);
        var answer = new Answer(
            ResponseIds.New("chatcmpl-"),
            gateway.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            request.Model ?? route.Provider?.Model ?? gateway.Options.Providers[0].Model ?? "aide",
            route.Provider?.Name ?? gateway.Options.Providers[0].Name,
            started);
        var refresh = context.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);
        var runner = gateway.RunnerFor(route, refresh);
        var turn = new ChatTurnRequest { Messages = messages, Options = options, Streamed = request.Stream };
        var sessionName = context.Request.Headers[SessionHeader].ToString();
        Func<ChatTurnRequest, CancellationToken, Task<ChatTurnResult>> run = (t, ct) => runner.RunAsync(t, ct);
        if (sessionName.Length > 0)
        {
            if (await SessionTurnAsync(context, gateway, sessionName, messages, options, request.Stream) is not { } saved)
            {
                return;
            }

            turn = saved.Turn;
            run = (t, ct) => runner.RunAsync(t, saved.Session, ct);
        }
        else if (gateway.RequestHistory is { } history)
        {
            var stateless = run;
            run = async (t, ct) =>
            {
                var result = await stateless(t, ct);
                await RequestHistory.KeepAsync(history(), messages, result, gateway.TimeProvider);
                return result;
            };
        }

        // Every event of the turn carries the request's id and the caller's key.
        using var scope = ChatTurnScope.Begin(null, requestId, Access.AccessControl.CallerOf(context)?.Name);
        if (request.Stream)
        {
            await StreamAsync(context, gateway, run, turn, answer, request.StreamOptions?.IncludeUsage == true);
        }
        else
        {
            await CompleteAsync(context, gateway, run, turn, answer);
        }
    }

    /// <summary>
    /// The request's id, sent back as <c>x-request-id</c> (the OpenAI SDKs expose it) and carried by the turn's events:
    /// the client's own <c>X-Request-Id</c> when it is a plain token, else a new one.
    /// </summary>
    private static string RequestId(HttpContext context)
    {
        var given = context.Request.Headers["X-Request-Id"].ToString();
        var id = given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : ResponseIds.New("req_");
        context.Response.Headers["x-request-id"] = id;
        return id;
    }

    /// <summary>The header naming a stored conversation the request's newest user message is appended to.</summary>
    public const string SessionHeader = "X-Aide-Session";

    /// <summary>
    /// A turn on a stored conversation: the request's last message (a user's) is the question, a system message the
    /// system prompt; the model gets the conversation's window, so a thin client sends only its new message.
    /// </summary>
    private static async Task<(ChatTurnRequest Turn, Conversations.ConversationSession Session)?> SessionTurnAsync(
        HttpContext context, AideGateway gateway, string name, List<ChatMessage> messages, ChatOptions options, bool streamed)
    {
        if (gateway.OpenSession is not { } open)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"{SessionHeader} needs a server that keeps history; this one was started without it.", SessionHeader);
            return null;
        }

        if (!Conversations.ConversationName.IsValid(name))
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"{SessionHeader}: {Conversations.ConversationName.Problem(name)}", SessionHeader);
            return null;
        }

        if (messages[^1].Role != ChatRole.User)
        {
            await OpenAIErrors.InvalidRequestAsync(context, $"With {SessionHeader}, the last message must be the user's new message.", "messages");
            return null;
        }

        var system = messages.LastOrDefault(m => m.Role == ChatRole.System)?.Text;
        var session = await open(name, context.RequestAborted);
        return (new ChatTurnRequest { Question = messages[^1].Text, SystemPrompt = system, Options = options, Streamed = streamed }, session);
    }

    private static async Task CompleteAsync(HttpContext context, AideGateway gateway, Func<ChatTurnRequest, CancellationToken, Task<ChatTurnResult>> run, ChatTurnRequest turn, Answer answer)
    {
        ChatTurnResult result;
        try
        {
            result = await run(turn, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client left; its upstream request was cancelled with it
        }
        catch (Exception e)
        {
            var (status, body) = OpenAIErrors.FromException(e, context.Response);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body, context.RequestAborted);
            return;
        }

        gateway.Access?.CountTokens(context, result.FromCache ? 0 : TotalTokens(result.Usage));
        SetAideHeaders(context.Response, result.FromCache, result.Provider?.Name ?? answer.Provider);

        // What Aide itself added: the request's time here less the pipeline's answer time (parsing, routing, writing).
        var overhead = gateway.TimeProvider.GetElapsedTime(answer.Started) - result.Latency;
        if (result.UsageRecord is { Priced: true } priced)
        {
            context.Response.Headers["X-Aide-Cost"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{priced.Cost:0.#########} {priced.Currency}");
        }

        context.Response.Headers["X-Aide-Overhead-Ms"] = Math.Max(0, overhead.TotalMilliseconds).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var completion = new ChatCompletion
        {
            Id = answer.Id,
            Created = answer.Created,
            Model = answer.Model,
            Choices = [new CompletionChoice { Message = ResponseMessageOf(result, turn.Options), FinishReason = FinishReason(result.FinishReason) }],
            Usage = Usage(result),
        };
        // With its length and no flush of ours, Kestrel sends headers and body in one write as the handler returns;
        // flushing a chunked body made the client wait for a second write (the end chunk) after the handler unwound.
        var json = JsonSerializer.SerializeToUtf8Bytes(completion, OpenAIJsonContext.Default.ChatCompletion);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        context.Response.BodyWriter.Write(json);
    }

    /// <summary>The answer's text, and the calls the client is to run (OpenAI's clients expect null content beside them when there is no text).</summary>
    private static ResponseMessage ResponseMessageOf(ChatTurnResult result, ChatOptions? options)
    {
        var next = 0;
        var calls = ToolMapping.ForClient(result.PendingToolCalls, options, indexed: false, ref next);
        return new ResponseMessage { Content = calls is not null && result.Text.Length == 0 ? null : result.Text, ToolCalls = calls };
    }

    private static async Task StreamAsync(
        HttpContext context, AideGateway gateway, Func<ChatTurnRequest, CancellationToken, Task<ChatTurnResult>> run, ChatTurnRequest turn, Answer answer, bool includeUsage)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        await using var stream = new EventStreamWriter(
            response,
            (fromCache, provider) =>
            {
                SetAideHeaders(response, fromCache, provider);
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
            },
            answer.Chunk(new ChunkDelta { Role = "assistant", Content = string.Empty }),
            gateway.Options.KeepAliveInterval,
            gateway.TimeProvider);
        var callIndex = 0;
        var streamed = new ChatTurnRequest
        {
            Question = turn.Question,
            SystemPrompt = turn.SystemPrompt,
            Messages = turn.Messages,
            Options = turn.Options,
            OnUpdate = async (update, ct) =>
            {
                var text = update.Text;
                var calls = ToolMapping.ForClient(update.Contents, turn.Options, indexed: true, ref callIndex);
                if (!stream.Started || text.Length > 0 || calls is not null)
                {
                    // The first update starts the stream (headers, role chunk) in the same write as its text.
                    List<ChatCompletionChunk> chunks = [];
                    if (text.Length > 0)
                    {
                        chunks.Add(answer.Chunk(new ChunkDelta { Content = text }));
                    }

                    if (calls is not null)
                    {
                        chunks.Add(answer.Chunk(new ChunkDelta { ToolCalls = calls }));
                    }

                    await stream.WriteAsync(
                        ResponseCacheMarker.IsFromCache(update.AdditionalProperties),
                        ProviderStamp.AnsweredBy(update.AdditionalProperties) ?? answer.Provider,
                        [.. chunks],
                        done: false,
                        ct);
                }
            },
        };
        try
        {
            var result = await run(streamed, cancellationToken);
            gateway.Access?.CountTokens(context, result.FromCache ? 0 : TotalTokens(result.Usage));
            var finish = answer.Chunk(new ChunkDelta(), FinishReason(result.FinishReason));
            await stream.WriteAsync(
                result.FromCache,
                result.Provider?.Name ?? answer.Provider,
                includeUsage ? [finish, answer.UsageChunk(Usage(result) ?? new CompletionUsage())] : [finish],
                done: true,
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client left; its upstream request was cancelled with it
        }
        catch (Exception e)
        {
            // A keep-alive comment could otherwise start the stream between the check below and the status line.
            await stream.StopKeepAliveAsync();
            var (status, body) = OpenAIErrors.FromException(e, response);
            if (!stream.Started)
            {
                response.StatusCode = status;
                response.ContentType = "application/json";
                await response.WriteAsync(body, cancellationToken);
            }
            else
            {
                // Both official SDKs raise an error event that arrives after the stream has begun.
                await stream.WriteRawAsync(System.Text.Encoding.UTF8.GetBytes("data: " + body + "\n\n"), cancellationToken);
            }
        }
    }

    /// <summary>Sets Aide's answer headers; the provider is left out while it is not known (a keep-alive started the stream).</summary>
    private static void SetAideHeaders(HttpResponse response, bool fromCache, string? provider)
    {
        response.Headers["X-Aide-Cache"] = fromCache ? "hit" : "miss";
        if (provider is not null)
        {
            response.Headers["X-Aide-Provider"] = provider;
        }
    }

    private static long TotalTokens(UsageDetails? usage) =>
        usage?.TotalTokenCount ?? ((usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0));

    private static string FinishReason(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";

    /// <summary>The provider's usage, or, when it reported none, the meter's estimate (Aide's own token counts).</summary>
    private static CompletionUsage? Usage(ChatTurnResult result) =>
        Usage(result.Usage) ?? (result.UsageRecord is { } record
            ? new CompletionUsage { PromptTokens = record.InputTokens, CompletionTokens = record.OutputTokens, TotalTokens = record.InputTokens + record.OutputTokens }
            : null);

    private static CompletionUsage? Usage(UsageDetails? usage) => usage is null ? null : new CompletionUsage
    {
        PromptTokens = usage.InputTokenCount ?? 0,
        CompletionTokens = usage.OutputTokenCount ?? 0,
        TotalTokens = usage.TotalTokenCount ?? ((usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
    };

    /// <summary>What every chunk of one answer shares: id, creation time, model, and the provider assumed until one is stamped; and when the request arrived.</summary>
    private sealed record Answer(string Id, long Created, string Model, string Provider, long Started)
    {
        public ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason = null) =>
            new() { Id = Id, Created = Created, Model = Model, Choices = [new ChunkChoice { Delta = delta, FinishReason = finishReason }] };

        public ChatCompletionChunk UsageChunk(CompletionUsage usage) =>
            new() { Id = Id, Created = Created, Model = Model, Choices = [], Usage = usage };
    }
}
