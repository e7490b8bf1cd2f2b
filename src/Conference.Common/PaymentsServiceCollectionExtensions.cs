using Infrastructure.Hosting;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Payments;
using Payments.Database;
using Payments.ReadModel;

namespace Conference.Common;

public static class PaymentsServiceCollectionExtensions
{
    /// <summary>The third-party processor payment command handler on its subscription.</summary>
    public static IServiceCollection AddPaymentsHandlers(this IServiceCollection services) =>
        services.AddSubscriptionHandler<ThirdPartyProcessorPaymentCommandHandler>(Subscriptions.CommandsTopic, Subscriptions.ThirdPartyProcessorPaymentCommandHandler);

    /// <summary>
    /// Payments in <paramref name="database"/> (migrated on start): the repository, whose events go out
    /// through an outbox on the registered event bus, and <see cref="IPaymentDao"/> for the sites.
    /// </summary>
    public static IServiceCollection AddSqlPayments(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var options = database.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable);
        services.AddMigrationOnStart(database, (db, ct) =>
            SqlMigrations.MigrateAsync<PaymentsDbContext>(db, PaymentsDbContext.MigrationsHistoryTable, o => new PaymentsDbContext(o), ct));
        services.TryAddSingleton<IDbContextFactory<PaymentsDbContext>>(new PaymentsDbContextFactory(options));
        services.AddEventOutbox();
        services.TryAddScoped(sp => new PaymentRepository(new PaymentsDbContext(options), sp.GetRequiredService<EventOutbox>()));
        services.TryAddScoped<IPaymentRepository>(sp => sp.GetRequiredService<PaymentRepository>());
        services.TryAddSingleton<IPaymentDao, PaymentDao>();
        return services;
    }

    /// <summary>Also sends, at start-up and then periodically, payment events a crashed process or a failed publish left in the outbox (needs a transport and an event bus).</summary>
    public static IServiceCollection AddPaymentsOutboxRecovery(this IServiceCollection services) =>
        services.AddEventOutboxSweeper<PaymentsDbContext>();

    private sealed class PaymentsDbContextFactory(DbContextOptions<PaymentsDbContext> options) : IDbContextFactory<PaymentsDbContext>
    {
        public PaymentsDbContext CreateDbContext() => new(options);
    }
}
