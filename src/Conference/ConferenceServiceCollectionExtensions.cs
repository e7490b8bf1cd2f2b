using Conference.Contracts;
using Conference.Database;
using Conference.Handlers;
using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registration.Contracts;

namespace Conference;

public static class ConferenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds Conference Management: <see cref="ConferenceDbContext"/> (scoped, and a factory),
    /// <see cref="ConferenceService"/>, <see cref="OrderEventHandler"/>, the message types they use and
    /// the <see cref="EventOutboxSweeper{TContext}"/> of its outbox. The caller chooses the database:
    /// <paramref name="configureDatabase"/> gets the options builder and the migrations-history table
    /// to use (a host passes <c>sqlDatabase.Configure</c>). The caller also registers
    /// <c>IEventBus</c>, applies the migrations at start-up (<see cref="ConferenceDbContext.MigrationsHistoryTable"/>)
    /// and subscribes <see cref="OrderEventHandler"/> to the orders topic.
    /// </summary>
    public static IServiceCollection AddConferenceManagement(
        this IServiceCollection services,
        Func<DbContextOptionsBuilder, string, DbContextOptionsBuilder> configureDatabase,
        EventOutboxSweeperOptions? outboxOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configureDatabase);

        services.AddMessageTypes(registry =>
        {
            ConferenceMessageTypes.Register(registry);
            RegistrationMessageTypes.Register(registry);
        });
        services.TryAddSingleton(TimeProvider.System);
        // Pooled: each order event the processor copies would otherwise build a context and its connection anew.
        services.AddPooledDbContextFactory<ConferenceDbContext>(builder => configureDatabase(builder, ConferenceDbContext.MigrationsHistoryTable));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<ConferenceDbContext>>().CreateDbContext());
        services.TryAddScoped<ConferenceService>();
        services.TryAddScoped<OrderEventHandler>();
        services.AddEventOutboxSweeper<ConferenceDbContext>(outboxOptions);
        return services;
    }
}
