using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration;
using Registration.Assignments;
using Registration.Availability;
using Registration.Orders;
using Registration.Pricing;
using Registration.Process;
using Registration.PromotionalCodes;

namespace Conference.Common;

public static class RegistrationServiceCollectionExtensions
{
    /// <summary>
    /// The Orders and Registrations write side: event-sourced repositories, the command handlers and the
    /// registration process manager, each on its own subscription. Needs an event store, a transport,
    /// a process-manager store, an <see cref="ISeatTypePriceSource"/> and an <see cref="IPromotionalCodeSource"/>.
    /// </summary>
    public static IServiceCollection AddRegistrationWriteSide(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddEventSourcedRepository<Registration.Orders.Order>()
            .AddEventSourcedRepository<SeatsAvailability>()
            .AddEventSourcedRepository<SeatAssignments>();
        services.TryAddScoped<IPricingService, PricingService>();

        return services
            .AddSubscriptionHandler<OrderCommandHandler>(Subscriptions.CommandsTopic, Subscriptions.OrderCommandHandler)
            .AddSubscriptionHandler<SeatsAvailabilityHandler>(Subscriptions.CommandsTopic, Subscriptions.SeatsAvailabilityHandler)
            .AddSubscriptionHandler<SeatAssignmentsHandler>(Subscriptions.CommandsTopic, Subscriptions.SeatAssignmentsHandler)
            .AddSubscriptionHandler<SeatAssignmentsHandler>(Subscriptions.OrderEventsTopic, Subscriptions.SeatAssignmentsHandlerOrders)
            .AddSubscriptionHandler<RegistrationProcessManagerRouter>(Subscriptions.CommandsTopic, Subscriptions.RegistrationProcessManagerRouter)
            .AddSubscriptionHandler<RegistrationProcessManagerRouter>(Subscriptions.OrderEventsTopic, Subscriptions.RegistrationPMOrderPlaced)
            .AddSubscriptionHandler<RegistrationProcessManagerRouter>(Subscriptions.OrderEventsTopic, Subscriptions.RegistrationPMNextStepsOrders)
            .AddSubscriptionHandler<RegistrationProcessManagerRouter>(Subscriptions.AvailabilityEventsTopic, Subscriptions.RegistrationPMNextStepsAvail)
            .AddSubscriptionHandler<RegistrationProcessManagerRouter>(Subscriptions.EventsTopic, Subscriptions.RegistrationPMNextSteps)
            .AddSubscriptionHandler<PromotionalCodeUseHandler>(Subscriptions.OrderEventsTopic, Subscriptions.PromotionalCodeUsesOrders)
            .AddSubscriptionHandler<PromotionalCodeUseHandler>(Subscriptions.EventsTopic, Subscriptions.PromotionalCodeUses);
    }

    /// <summary>Registration processes and their outbox in <paramref name="database"/>, migrated on start.</summary>
    public static IServiceCollection AddSqlRegistrationProcesses(this IServiceCollection services, SqlDatabase database) =>
        services.AddSqlProcessManager<RegistrationProcessManager, RegistrationProcessManagerDbContext>(
            database, RegistrationProcessManagerDbContext.MigrationsHistoryTable, o => new RegistrationProcessManagerDbContext(o));
}
