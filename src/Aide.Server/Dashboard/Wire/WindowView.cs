namespace Aide.Server.Dashboard.Wire;

/// <summary>The last <c>ContextWindowChanged</c> of the conversation: what its last turn kept, summarized and dropped.</summary>
internal sealed record WindowView(DateTimeOffset At, int TokensBefore, int TokensAfter, int Budget, int ItemsBefore, int ItemsAfter, int ItemsDropped, int ItemsSummarized, string Strategy);
