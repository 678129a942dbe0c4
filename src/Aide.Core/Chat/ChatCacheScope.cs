namespace Aide.Chat;

/// <summary>What a pipeline's cached answers are kept under.</summary>
/// <param name="Identity">The provider list by kind, address and model (never a key): part of every cache key.</param>
/// <param name="ProviderKind">The first provider's kind, for the <c>provider:</c> tag.</param>
/// <param name="Model">The first provider's model, for the <c>model:</c> tag.</param>
public sealed record ChatCacheScope(string Identity, string ProviderKind, string? Model);
