using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration.Pricing;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel;

public static class ReadModelServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Registration read model: its database context (<paramref name="configureDb"/> chooses the
    /// provider and should use <see cref="ConferenceRegistrationDbContext.MigrationsHistoryTable"/>), the
    /// DAOs (<see cref="IConferenceDao"/> cached), the seat price source of the PricingService, and the
    /// generators, resolvable for the subscriptions the host registers them on. The host also provides
    /// <c>ICommandBus</c> and <c>IBlobStorage</c>, and applies the migrations.
    /// </summary>
    public static IServiceCollection AddRegistrationReadModel(this IServiceCollection services, Action<DbContextOptionsBuilder> configureDb)
    {
        ArgumentNullException.ThrowIfNull(configureDb);
        services.AddPooledDbContextFactory<ConferenceRegistrationDbContext>(configureDb);
        services.AddMemoryCache();

        services.AddSingleton<ConferenceDao>();
        services.AddSingleton<IConferenceDao>(sp => new CachingConferenceDao(sp.GetRequiredService<ConferenceDao>(), sp.GetRequiredService<IMemoryCache>()));
        services.AddSingleton<IOrderDao, OrderDao>();
        services.AddSingleton<OrderChangeFeed>();
        services.AddSingleton<ISeatTypePriceSource, SeatTypePriceSource>();
        services.AddSingleton<PromotionalCodeDao>();
        services.AddSingleton<IPromotionalCodeDao>(sp => sp.GetRequiredService<PromotionalCodeDao>());
        services.AddSingleton<IPromotionalCodeSource>(sp => sp.GetRequiredService<PromotionalCodeDao>());

        services.AddScoped<ConferenceViewModelGenerator>();
        services.AddScoped<SeatsAvailabilityViewModelGenerator>();
        services.AddScoped<OrderViewModelGenerator>();
        services.AddScoped<PricedOrderViewModelGenerator>();
        services.AddScoped<PricedOrderSeatTypeViewModelGenerator>();
        services.AddScoped<SeatAssignmentsViewModelGenerator>();
        services.AddScoped<PromotionalCodeViewModelGenerator>();
        services.AddScoped<PricedOrderPromotionalCodesViewModelGenerator>();
        return services;
    }

    /// <summary>The processor's pruning of the order change feed (the generators write it; the sites read it).</summary>
    public static IServiceCollection AddOrderChangePruning(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<OrderChangePruner>();
        return services;
    }
}
