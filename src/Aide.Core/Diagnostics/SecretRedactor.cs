namespace Aide.Diagnostics;

/// <summary>Removes secrets (API keys, and what addresses carry: <see cref="AddressRedactor"/>) from text that may reach a user, a log or an event.</summary>
internal static class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string text, params ReadOnlySpan<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            // Very short "keys" (placeholders such as "x") would mangle ordinary text and protect nothing.
            if (secret is { Length: >= 6 })
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return AddressRedactor.RedactWithin(text);
    }
}
