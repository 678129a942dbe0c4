namespace Aide.Server.OpenAI;

/// <summary>Every error, in OpenAI's shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed class ErrorEnvelope
{
    public required ErrorBody Error { get; init; }
}
