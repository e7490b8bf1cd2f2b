using Conference.Database;
using Conference.Handlers;
using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Common;

public static class ConferenceManagementServiceCollectionExtensions
{
    /// <summary>
    /// Conference Management in <paramref name="database"/>: <see cref="ConferenceService"/>
    /// and the outbox publisher of its integration events (needs the event bus).
    /// </summary>
    public static IServiceCollection AddSqlConferenceManagement(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddSqlStore(SqlStore.For<ConferenceDbContext>("Conference Management", database, ConferenceDbContext.MigrationsHistoryTable, o => new ConferenceDbContext(o)));
        return services.AddConferenceManagement(database.Configure);
    }

    /// <summary>Keeps Conference Management's orders and attendees from Registration's events.</summary>
    public static IServiceCollection AddConferenceOrderEventHandler(this IServiceCollection services) =>
        services.AddSubscriptionHandler<OrderEventHandler>(Subscriptions.OrderEventsTopic, Subscriptions.ConferenceOrderEventHandler);
}
