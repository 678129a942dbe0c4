using Aide.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aide.Conversations.Store;

/// <summary>Adds the SQLite conversation store to the container Aide runs turns from.</summary>
public static class SqliteConversationsRegistration
{
    /// <summary>
    /// Adds a <see cref="SqliteConversationStore"/> at <paramref name="path"/> as the <see cref="IConversationStore"/>
    /// (opened when first needed, disposed with the container) and its health check.
    /// </summary>
    /// <param name="builder">The builder from <c>services.AddAide(…)</c>.</param>
    /// <param name="path">The database file (e.g. <see cref="SqliteConversationStore.DefaultPath"/>); its folder is created, private to the user.</param>
    /// <param name="configure">Lock wait and durability.</param>
    /// <returns>The builder.</returns>
    public static IAideBuilder AddSqliteConversations(this IAideBuilder builder, string path, Action<SqliteConversationStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(sp => SqliteConversationStore.Open(
            path,
            sp.GetService<IOptions<SqliteConversationStoreOptions>>()?.Value,
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Aide.Conversations")));
        services.TryAddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqliteConversationStore>());
        services.AddSingleton<HealthCheckEntry>(_ => ConversationStoreHealth.Entry(path));
        return builder;
    }
}
