using Conference.Database;
using Conference.Handlers;
using Infrastructure.Hosting;
using Infrastructure.Messaging;
using Infrastructure.Sql;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts;
using Registration.Contracts.Events;

namespace Conference.Tests;

/// <summary>
/// AddConferenceManagement in a host as Conference.Processor composes it: the admin's change reaches
/// the events topic, and Registration's order events reach the orders table through the subscription.
/// </summary>
public abstract class ConferenceCompositionSpecs : IAsyncLifetime
{
    private const string EventsTopic = "conference/events";
    private const string OrdersTopic = "conference/eventsOrders";
    private const string OrderEventHandlerSubscription = "Conference.OrderEventHandler";
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database.DisposeAsync().AsTask();

    [Fact]
    public async Task given_the_composed_host_when_a_conference_is_created_and_orders_arrive_then_its_event_is_published_and_the_orders_table_is_kept()
    {
        var db = database.Database;
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddMessagingTopology(new MessagingTopology(
            [
                new TopicSettings(EventsTopic, [new SubscriptionSettings("all", SubscriptionFilter.All)]) { IsEventBus = true },
                new TopicSettings(OrdersTopic,
                [
                    new SubscriptionSettings(OrderEventHandlerSubscription, SubscriptionFilter.In(
                        "OrderPlaced", "OrderRegistrantAssigned", "OrderTotalsCalculated", "OrderConfirmed", "OrderPaymentConfirmed",
                        "OrderExpired", "SeatAssignmentsCreated", "SeatAssigned", "SeatAssignmentUpdated", "SeatUnassigned")),
                ]) { IsEventBus = true },
            ]))
            .AddSqlMessaging(db)
            .AddEventBus(EventsTopic)
            .AddConferenceManagement(db.Configure)
            .AddMigrationOnStart(db, (d, ct) => SqlMigrations.MigrateAsync<ConferenceDbContext>(d, ConferenceDbContext.MigrationsHistoryTable, o => new ConferenceDbContext(o), ct))
            .AddSubscriptionHandler<OrderEventHandler>(OrdersTopic, OrderEventHandlerSubscription);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            ConferenceInfo conference;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var service = scope.ServiceProvider.GetRequiredService<ConferenceService>();
                conference = await service.CreateConferenceAsync(new("Ada", "ada@contoso.com"), new("Summit", "Talks", "Redmond", null, null, "summit", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)), default);
            }

            var transport = host.Services.GetRequiredService<IMessageTransport>();
            var published = await transport.CreateReceiver(EventsTopic, "all").ReceiveAsync(TimeSpan.FromSeconds(10), default);
            Assert.Equal("ConferenceCreated", published?.Message.TypeName);

            var orderId = Guid.NewGuid();
            var registration = new EventBus(transport.CreateSender(OrdersTopic), host.Services.GetRequiredService<Infrastructure.Serialization.IMessageSerializer>());
            await registration.PublishAsync(
                [
                    Envelope.Create<IEvent>(new OrderRegistrantAssigned("Ada", "King", "ada@contoso.com") { SourceId = orderId, Version = 3 }),
                    Envelope.Create<IEvent>(new OrderPlaced(conference.Id, [], DateTimeOffset.UtcNow.AddMinutes(15), "ABC234") { SourceId = orderId, Version = 1 }),
                ],
                default);

            var orders = await EventuallyAsync(async () =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                var found = await scope.ServiceProvider.GetRequiredService<ConferenceService>().FindOrdersAsync(conference.Id, default);
                return found.Count == 1 && found[0].RegistrantEmail is not null ? found : null;
            });
            Assert.Equal(("ABC234", "ada@contoso.com"), (orders[0].AccessCode, orders[0].RegistrantEmail));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void given_the_extension_then_the_database_is_configured_with_conference_managements_own_migrations_history_table()
    {
        string? historyTable = null;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IEventBus>(new Fakes.RecordingEventBus())
            .AddConferenceManagement((options, table) =>
            {
                historyTable = table;
                return database.Database.Configure(options, table);
            });
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ConferenceDbContext>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConferenceDbContext>>());
        Assert.Equal(ConferenceDbContext.MigrationsHistoryTable, historyTable);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is EventOutboxSweeper<ConferenceDbContext>);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "The orders table did not catch up in time.");
            await Task.Delay(50);
        }
    }
}

public sealed class SqliteConferenceCompositionSpecs : ConferenceCompositionSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresConferenceCompositionSpecs : ConferenceCompositionSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
