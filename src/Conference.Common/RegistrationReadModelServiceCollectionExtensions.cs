using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel;
using Registration.ReadModel.Implementation;

namespace Conference.Common;

public static class RegistrationReadModelServiceCollectionExtensions
{
    /// <summary>The Registration read model in <paramref name="database"/>: DAOs for the sites, the seat prices of the pricing service.</summary>
    public static IServiceCollection AddSqlRegistrationReadModel(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddSqlStore(SqlStore.For<ConferenceRegistrationDbContext>("Registration read model", database, ConferenceRegistrationDbContext.MigrationsHistoryTable, o => new ConferenceRegistrationDbContext(o)));
        return services.AddRegistrationReadModel(b => database.Configure(b, ConferenceRegistrationDbContext.MigrationsHistoryTable));
    }

    /// <summary>
    /// The read-model generators, each on its own subscription (two of the RI's generators hear two topics, so they are two classes each),
    /// and the pruning of the order change feed they write.
    /// </summary>
    public static IServiceCollection AddRegistrationReadModelGenerators(this IServiceCollection services) =>
        services
            .AddOrderChangePruning()
            .AddSubscriptionHandler<ConferenceViewModelGenerator>(Subscriptions.EventsTopic, Subscriptions.ConferenceViewModelGenerator)
            .AddSubscriptionHandler<SeatsAvailabilityViewModelGenerator>(Subscriptions.AvailabilityEventsTopic, Subscriptions.ConferenceViewModelAvail)
            .AddSubscriptionHandler<OrderViewModelGenerator>(Subscriptions.OrderEventsTopic, Subscriptions.OrderViewModelGenerator)
            .AddSubscriptionHandler<PricedOrderViewModelGenerator>(Subscriptions.OrderEventsTopic, Subscriptions.PricedOrderViewModelGeneratorOrders)
            .AddSubscriptionHandler<PricedOrderSeatTypeViewModelGenerator>(Subscriptions.EventsTopic, Subscriptions.PricedOrderViewModelGenerator)
            .AddSubscriptionHandler<SeatAssignmentsViewModelGenerator>(Subscriptions.OrderEventsTopic, Subscriptions.SeatAssignmentsViewModelGenerator)
            .AddSubscriptionHandler<PromotionalCodeViewModelGenerator>(Subscriptions.EventsTopic, Subscriptions.PromotionalCodeViewModelGenerator)
            .AddSubscriptionHandler<PricedOrderPromotionalCodesViewModelGenerator>(Subscriptions.OrderEventsTopic, Subscriptions.PricedOrderCodesViewModelGenerator);
}
