using Aide.Conversations;
using Aide.Server.Dashboard.Wire;
using Microsoft.AspNetCore.Http;

namespace Aide.Server.Dashboard;

/// <summary>
/// <c>GET /api/conversations?q=</c> and <c>GET /api/conversations/{name}</c>: the stored conversations and one of them.
/// A search matches names and titles, then the text of the most recent <see cref="SearchedConversations"/>
/// conversations (the store has no text index; a bounded scan keeps a search's cost known).
/// </summary>
internal static class DashboardConversations
{
    private const int SearchedConversations = 200;
    private const int MaxRows = 100;
    private const int MaxMessages = 500;

    public static async Task ListAsync(HttpContext context, AideDashboard dashboard)
    {
        if (dashboard.Conversations is not { } open)
        {
            await DashboardPanels.WriteAsync(context, new ConversationsPanel(false, [], false), DashboardJsonContext.Default.ConversationsPanel);
            return;
        }

        var store = open();
        var query = context.Request.Query["q"].ToString().Trim();
        var all = (await store.ListAsync(context.RequestAborted)).OrderByDescending(c => c.UpdatedAt).ToList();
        var rows = new List<ConversationRow>();
        foreach (var (conversation, index) in all.Select((c, i) => (c, i)))
        {
            if (rows.Count > MaxRows)
            {
                break;
            }

            string? match = null;
            var listed = query.Length == 0
                || conversation.Name.Contains(query, StringComparison.OrdinalIgnoreCase)
                || conversation.Title?.Contains(query, StringComparison.OrdinalIgnoreCase) == true
                || (index < SearchedConversations && (match = await FindTextAsync(store, conversation, query, context.RequestAborted)) is not null);
            if (listed)
            {
                rows.Add(Row(conversation, match));
            }
        }

        await DashboardPanels.WriteAsync(context, new ConversationsPanel(true, [.. rows.Take(MaxRows)], rows.Count > MaxRows), DashboardJsonContext.Default.ConversationsPanel);
    }

    public static async Task GetAsync(HttpContext context, AideDashboard dashboard, string name)
    {
        if (dashboard.Conversations is not { } open || !ConversationName.IsValid(name))
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, $"There is no conversation named '{name}'.");
            return;
        }

        var store = open();
        if (await store.FindAsync(name, context.RequestAborted) is not { } conversation)
        {
            await DashboardPanels.ErrorAsync(context, StatusCodes.Status404NotFound, $"There is no conversation named '{name}'.");
            return;
        }

        var messages = await store.GetMessagesAsync(conversation.Id, context.RequestAborted);
        var entities = await store.GetEntitiesAsync(conversation.Id, context.RequestAborted);
        var items = await store.GetItemsAsync(conversation.Id, context.RequestAborted);
        var window = dashboard.Recorder.LatestWindow(conversation.Name);
        var view = new ConversationView(
            Row(conversation, null),
            [.. messages.TakeLast(MaxMessages).Select(m => new MessageView(m.Sequence, m.Role, m.Kind.ToString().ToLowerInvariant(), m.Content, m.TokenCount, m.CreatedAt))],
            [.. entities.OrderByDescending(e => e.Mentions).Take(MaxRows).Select(e => new EntityView(e.Kind, e.Text, e.Mentions))],
            [.. items.Take(MaxRows).Select(i => new PinnedView(i.Kind.ToString().ToLowerInvariant(), i.Content, i.Pinned))],
            window is null ? null : new WindowView(
                window.Timestamp, window.TokensBefore, window.TokensAfter, window.Budget, window.ItemsBefore, window.ItemsAfter, window.ItemsDropped, window.ItemsSummarized, window.Strategy));
        await DashboardPanels.WriteAsync(context, view, DashboardJsonContext.Default.ConversationView);
    }

    private static ConversationRow Row(ConversationInfo c, string? match) => new(c.Name, c.Title, c.Model, c.MessageCount, c.TokenCount, c.UpdatedAt, match);

    /// <summary>A snippet around the first message that contains the text, if any does.</summary>
    private static async Task<string?> FindTextAsync(IConversationStore store, ConversationInfo conversation, string text, CancellationToken cancellationToken)
    {
        foreach (var message in await store.GetMessagesAsync(conversation.Id, cancellationToken))
        {
            var at = message.Content.IndexOf(text, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var from = Math.Max(0, at - 40);
                var length = Math.Min(message.Content.Length - from, text.Length + 80);
                return string.Concat(from > 0 ? "…" : string.Empty, message.Content.AsSpan(from, length), from + length < message.Content.Length ? "…" : string.Empty);
            }
        }

        return null;
    }
}
