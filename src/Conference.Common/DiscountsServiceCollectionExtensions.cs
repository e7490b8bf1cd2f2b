using Discounts;
using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration.ReadModel;
using Registration.ReadModel.Implementation;

namespace Conference.Common;

public static class DiscountsServiceCollectionExtensions
{
    /// <summary>
    /// The Discounts context: the event-sourced promotional codes (their events go out on the default
    /// events topic) and their command handler on its subscription. Needs an event store and a transport.
    /// </summary>
    public static IServiceCollection AddDiscounts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddEventSourcedRepository<PromotionalCode>()
            .AddSubscriptionHandler<PromotionalCodeCommandHandler>(Subscriptions.CommandsTopic, Subscriptions.PromotionalCodeCommandHandler);
    }

    /// <summary>
    /// The promotional codes as the Registration read model in <paramref name="database"/> has them, for the
    /// management site's list (it reads them, the processor writes them and migrates the store).
    /// </summary>
    public static IServiceCollection AddSqlPromotionalCodeList(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddSqlStore(SqlStore.For<ConferenceRegistrationDbContext>("Registration read model", database, ConferenceRegistrationDbContext.MigrationsHistoryTable, o => new ConferenceRegistrationDbContext(o)));
        services.AddPooledDbContextFactory<ConferenceRegistrationDbContext>(b => database.Configure(b, ConferenceRegistrationDbContext.MigrationsHistoryTable));
        services.TryAddSingleton<IPromotionalCodeDao, PromotionalCodeDao>();
        return services;
    }
}
