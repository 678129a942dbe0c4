namespace Aide.Server.OpenAI;

/// <summary>A tool a client offers: <c>{"type":"function","function":{"name","description","parameters"}}</c>.</summary>
internal sealed class RequestTool
{
    public string? Type { get; set; }

    public RequestFunction? Function { get; set; }
}
