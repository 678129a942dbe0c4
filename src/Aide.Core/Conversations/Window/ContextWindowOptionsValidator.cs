using Aide.Configuration;
using Microsoft.Extensions.Options;

namespace Aide.Conversations.Window;

/// <summary>Checks <see cref="ContextWindowOptions"/> at start: a window from 256 tokens, with room left after the reply's share.</summary>
internal sealed class ContextWindowOptionsValidator : IValidateOptions<ContextWindowOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ContextWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        OptionChecks.Range(failures, "ContextTokens", options.ContextTokens, 256, 10_000_000);
        OptionChecks.Range(failures, "ReplyTokens", options.ReplyTokens, 0, Math.Max(0, options.ContextTokens - 64));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
