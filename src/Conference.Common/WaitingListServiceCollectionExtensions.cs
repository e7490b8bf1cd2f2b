using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WaitingList;
using WaitingList.Handlers;
using WaitingList.Notifications;
using WaitingList.ReadModel;

namespace Conference.Common;

public static class WaitingListServiceCollectionExtensions
{
    /// <summary>The waiting-list read model in <paramref name="database"/> and its DAO for the sites; migrated by the processor.</summary>
    public static IServiceCollection AddSqlWaitingListReadModel(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddSqlStore(SqlStore.For<WaitingListReadModelDbContext>("Waiting-list read model", database, WaitingListReadModelDbContext.MigrationsHistoryTable, o => new WaitingListReadModelDbContext(o)));
        services.AddPooledDbContextFactory<WaitingListReadModelDbContext>(b => database.Configure(b, WaitingListReadModelDbContext.MigrationsHistoryTable));
        services.TryAddSingleton<IWaitingListDao, WaitingListDao>();
        return services;
    }

    /// <summary>
    /// The WaitingList context's handlers, each on its own subscription: the registrants' commands and
    /// the offer expiry, what the seat availability did, the commands the list's decisions send, the
    /// emails and the read model. Needs an event store, a transport, blob storage and an email sender.
    /// </summary>
    public static IServiceCollection AddWaitingListHandlers(this IServiceCollection services, WaitingListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.AddEventSourcedRepository<SeatTypeWaitingList>();
        services.AddScoped<WaitingListViewGenerator>();
        return services
            .AddSubscriptionHandler<WaitingListCommandHandler>(Subscriptions.CommandsTopic, Subscriptions.WaitingListCommandHandler)
            .AddSubscriptionHandler<SeatsAvailabilityEventHandler>(Subscriptions.AvailabilityEventsTopic, Subscriptions.WaitingListSeatsAvailabilityEventHandler)
            .AddSubscriptionHandler<SeatOfferCommandSender>(Subscriptions.WaitingListEventsTopic, Subscriptions.SeatOfferCommandSender)
            .AddSubscriptionHandler<WaitingListMailer>(Subscriptions.WaitingListEventsTopic, Subscriptions.WaitingListMailer)
            .AddSubscriptionHandler<WaitingListViewGenerator>(Subscriptions.WaitingListEventsTopic, Subscriptions.WaitingListViewGenerator);
    }
}
