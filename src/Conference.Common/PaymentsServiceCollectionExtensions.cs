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
    /// Payments in <paramref name="database"/>: the repository, whose events go out through an outbox on
    /// the registered event bus, and the read side (<see cref="AddSqlPaymentsReadModel"/>).
    /// </summary>
    public static IServiceCollection AddSqlPayments(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        services.AddSqlPaymentsReadModel(database);
        var options = database.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable);
        services.AddEventOutbox();
        services.TryAddScoped(sp => new PaymentRepository(new PaymentsDbContext(options), sp.GetRequiredService<EventOutbox>()));
        services.TryAddScoped<IPaymentRepository>(sp => sp.GetRequiredService<PaymentRepository>());
        return services;
    }

    /// <summary>What the public site reads of Payments: <see cref="IPaymentDao"/> on the payments store.</summary>
    public static IServiceCollection AddSqlPaymentsReadModel(this IServiceCollection services, SqlDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var options = database.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable);
        services.AddSqlStore(SqlStore.For<PaymentsDbContext>("payments", database, PaymentsDbContext.MigrationsHistoryTable, o => new PaymentsDbContext(o)));
        services.TryAddSingleton<IDbContextFactory<PaymentsDbContext>>(new PaymentsDbContextFactory(options));
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
