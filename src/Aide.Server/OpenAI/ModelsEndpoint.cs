using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.OpenAI;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: every provider's models (as <c>kind/name</c>) and the extra ones, in OpenAI's list shape.</summary>
internal static class ModelsEndpoint
{
    public static async Task ListAsync(HttpContext context, AideGateway gateway)
    {
        var list = new ModelList { Data = await ModelsAsync(gateway, context.RequestAborted) };
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(list, OpenAIJsonContext.Default.ModelList), context.RequestAborted);
    }

    public static async Task GetAsync(HttpContext context, AideGateway gateway, string id)
    {
        var model = (await ModelsAsync(gateway, context.RequestAborted)).FirstOrDefault(m => m.Id == id);
        if (model is null)
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"The model '{id}' does not exist or no configured provider serves it.", "invalid_request_error", "model", "model_not_found");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(model, OpenAIJsonContext.Default.ModelInfo), context.RequestAborted);
    }

    private static async Task<List<ModelInfo>> ModelsAsync(AideGateway gateway, CancellationToken cancellationToken)
    {
        var listing = await gateway.Models.ListAsync(cancellationToken);
        var created = gateway.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var models = listing.Models.Select(m => new ModelInfo { Id = m.Provider.KindName + "/" + m.Id, OwnedBy = m.Provider.KindName, Created = created })
            .Concat(gateway.Options.ExtraModels.Select(m => new ModelInfo { Id = m, OwnedBy = m.Split('/')[0], Created = created }))
            .Concat(gateway.Options.ModelAliases.Keys.Order(StringComparer.Ordinal).Select(a => new ModelInfo { Id = a, OwnedBy = "alias", Created = created }));
        return [.. models.DistinctBy(m => m.Id)];
    }
}
