using Aide.Configuration;
using Microsoft.Extensions.Options;

namespace Aide.Providers;

/// <summary>Checks <see cref="ProviderOptions"/> at start, naming the option and what is allowed.</summary>
internal sealed class ProviderOptionsValidator : IValidateOptions<ProviderOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Providers is null || options.Providers.Count == 0 || options.Providers.Any(p => p is null))
        {
            failures.Add("Providers: name at least one provider (new ProviderSettings(ProviderKind.OpenAI, \"http://127.0.0.1:8080/v1\")).");
        }

        OptionChecks.Range(failures, "Timeout", options.Timeout, TimeSpan.FromMilliseconds(1), AideDefaults.MaxTimeout);
        OptionChecks.Range(failures, "Temperature", options.Temperature, 0f, 2f);
        OptionChecks.Range(failures, "MaxOutputTokens", options.MaxOutputTokens, 1, 1_000_000);
        OptionChecks.Range(failures, "ContextTokens", options.ContextTokens, 256, 10_000_000);
        OptionChecks.Range(failures, "MaxToolRounds", options.MaxToolRounds, 1, 100);
        OptionChecks.Range(failures, "MaxAnswerBytes", options.MaxAnswerBytes, 64L << 10, 1L << 30);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
