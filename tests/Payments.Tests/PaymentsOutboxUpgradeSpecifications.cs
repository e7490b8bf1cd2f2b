using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Payments.Contracts;
using Payments.Contracts.Events;
using Payments.Database;

namespace Payments.Tests;

/// <summary>A Payments database created before the shared outbox keeps working: what its outbox held is still published, as it would have been.</summary>
public abstract class PaymentsOutboxUpgradeSpecifications : IAsyncLifetime
{
    private const string FirstMigration = "20261122100000_CreatePayments";
    private readonly JsonMessageSerializer serializer = new(PaymentsMessageTypes.Register(new MessageTypeRegistry()));
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_an_event_the_previous_outbox_left_when_the_database_is_migrated_then_the_sweeper_publishes_it_under_the_message_id_it_had()
    {
        var rowId = Guid.NewGuid();
        var paymentId = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        await using (var context = NewContext())
        {
            await context.GetService<IMigrator>().MigrateAsync(FirstMigration);
            var (typeName, body) = serializer.Serialize(new PaymentCompleted(paymentId, orderId));
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"PaymentPendingEvents\" (\"Id\", \"SourceId\", \"Position\", \"TypeName\", \"Body\") VALUES ({0}, {1}, 0, {2}, {3})",
                rowId, paymentId, typeName, body);
        }

        await SqlMigrations.MigrateAsync<PaymentsDbContext>(database.Database, PaymentsDbContext.MigrationsHistoryTable, o => new PaymentsDbContext(o), default);
        var bus = new TestEventBus();
        Assert.Equal(1, await Sweeper(bus).PublishPendingAsync(default));

        var published = Assert.Single(bus.Published);
        Assert.Equal(new PaymentCompleted(paymentId, orderId), published.Body);
        // The previous outbox published a row under its id, partitioned (by the bus) by the payment.
        Assert.Equal((rowId.ToString(), paymentId.ToString()), (published.MessageId, published.PartitionKey));
        await using var after = NewContext();
        Assert.Empty(await after.Set<PendingEvent>().ToListAsync());
    }

    [Fact]
    public async Task given_the_migrated_database_then_the_outbox_table_has_exactly_the_mapped_columns()
    {
        await SqlMigrations.MigrateAsync<PaymentsDbContext>(database.Database, PaymentsDbContext.MigrationsHistoryTable, o => new PaymentsDbContext(o), default);
        await using var context = NewContext();

        var (mapped, actual) = await TableColumns.ReadAsync(context, typeof(PendingEvent));

        Assert.Equal(mapped, actual);
    }

    private PaymentsDbContext NewContext() => new(database.Database.CreateOptions<PaymentsDbContext>(PaymentsDbContext.MigrationsHistoryTable));

    private EventOutboxSweeper<PaymentsDbContext> Sweeper(TestEventBus bus) => TestSweepers.Create(NewContext, bus, serializer);
}

public sealed class SqlitePaymentsOutboxUpgradeSpecifications : PaymentsOutboxUpgradeSpecifications
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresPaymentsOutboxUpgradeSpecifications : PaymentsOutboxUpgradeSpecifications
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
