using System.Xml.Linq;
using Conference.Common;
using Infrastructure.Azure;
using Infrastructure.Azure.EventSourcing;
using Infrastructure.Azure.Tests.Storage;
using Infrastructure.EventSourcing;
using Infrastructure.Hosting;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Infrastructure.Sql;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Payments.Contracts;
using Payments.Contracts.Commands;
using Registration.Assignments;
using Registration.Availability;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Pricing;
using Registration.Process;

namespace Registration.IntegrationTests;

/// <summary>
/// The write side in one host on the real SQL transport, event store, process-manager store and
/// payments store, wired by Conference.Common with the topology of Settings.Template.xml; one variant
/// swaps in the Table Storage event store.
/// </summary>
public abstract class RegistrationFlowSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Guid conferenceId = Guid.NewGuid();
    private readonly Guid fullPass = Guid.NewGuid();
    private readonly Guid workshop = Guid.NewGuid();
    private ITestDatabase database = null!;
    private IHost host = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        var prices = new FixedPrices(conferenceId, new SeatTypePrice(fullPass, "Full pass", 199m), new SeatTypePrice(workshop, "Workshop", 50m));
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddConferenceMessageTypes()
            .AddMessagingTopology(MessagingTopology.FromXml(XDocument.Load(RepositoryFiles.SettingsTemplate).Root!.Element("Messaging")!.Element("Topics")!))
            .AddSqlMessaging(database.Database);
        AddEventStore(builder.Services, database)
            .AddCommandBus(Subscriptions.CommandsTopic)
            .AddEventBus(Subscriptions.EventsTopic)
            .AddEventStoreBusPublisher(new EventStoreBusPublisherOptions
            {
                TopicsBySourceType = new Dictionary<string, string>
                {
                    [nameof(Order)] = Subscriptions.OrderEventsTopic,
                    [nameof(SeatAssignments)] = Subscriptions.OrderEventsTopic,
                    [nameof(SeatsAvailability)] = Subscriptions.AvailabilityEventsTopic,
                },
            })
            .AddSqlRegistrationProcesses(database.Database)
            .AddSqlPayments(database.Database)
            .AddPaymentsOutboxRecovery()
            .AddRegistrationWriteSide()
            .AddPaymentsHandlers()
            .AddSingleton<ISeatTypePriceSource>(prices);
        host = builder.Build();
        await host.StartAsync();
    }

    /// <summary>The event store the flow runs on: the SQL one on the test database unless a subclass swaps it.</summary>
    protected virtual IServiceCollection AddEventStore(IServiceCollection services, ITestDatabase database) => services.AddSqlEventStore(database.Database);

    public virtual async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task when_a_registrant_orders_and_pays_then_the_order_is_confirmed_the_seats_committed_and_the_process_completed()
    {
        var bus = host.Services.GetRequiredService<ICommandBus>();
        await bus.SendAsync(new AddSeats(conferenceId, fullPass, 10), default);
        await bus.SendAsync(new AddSeats(conferenceId, workshop, 10), default);
        await WaitUntilAsync(async () => (await LoadAsync<SeatsAvailability>(conferenceId))?.RemainingSeats(workshop) == 10, "seats added");

        var orderId = Guid.NewGuid();
        await bus.SendAsync(new RegisterToConference(orderId, conferenceId, [new SeatQuantity(fullPass, 1), new SeatQuantity(workshop, 1)]), default);
        await WaitUntilAsync(async () => (await FindProcessAsync(orderId))?.State == ProcessState.ReservationConfirmationReceived, "seats reserved");
        var reservedOrder = await EventsOfAsync(nameof(Order), orderId);
        Assert.Equal(249m, reservedOrder.OfType<OrderTotalsCalculated>().Last().Total);

        var paymentId = Guid.NewGuid();
        await bus.SendAsync(new InitiateThirdPartyProcessorPayment(paymentId, orderId, conferenceId, "Order", 249m, [new PaymentItem("Full pass", 199m), new PaymentItem("Workshop", 50m)]), default);
        await bus.SendAsync(new CompleteThirdPartyProcessorPayment(paymentId), default);
        await WaitUntilAsync(async () => (await FindProcessAsync(orderId))?.Completed == true, "process completed");
        await WaitUntilAsync(async () => (await EventsOfAsync(nameof(SeatsAvailability), conferenceId)).OfType<SeatsReservationCommitted>().Any(), "seats committed");
        await WaitUntilAsync(async () => await LoadAsync<SeatAssignments>(orderId) is not null, "seat assignments created");

        var order = await LoadAsync<Order>(orderId);
        var availability = await LoadAsync<SeatsAvailability>(conferenceId);
        Assert.True(order!.IsConfirmed);
        Assert.Equal(9, availability!.RemainingSeats(fullPass));
        Assert.Equal(9, availability.RemainingSeats(workshop));
        Assert.Equal(ProcessState.PaymentConfirmationReceived, (await FindProcessAsync(orderId))!.State);
    }

    [Fact]
    public async Task when_a_free_order_is_placed_then_it_is_confirmed_without_payment()
    {
        var bus = host.Services.GetRequiredService<ICommandBus>();
        var free = Guid.NewGuid();
        ((FixedPrices)host.Services.GetRequiredService<ISeatTypePriceSource>()).Add(new SeatTypePrice(free, "Community pass", 0m));
        await bus.SendAsync(new AddSeats(conferenceId, free, 5), default);
        await WaitUntilAsync(async () => (await LoadAsync<SeatsAvailability>(conferenceId))?.RemainingSeats(free) == 5, "seats added");

        var orderId = Guid.NewGuid();
        await bus.SendAsync(new RegisterToConference(orderId, conferenceId, [new SeatQuantity(free, 2)]), default);

        // The site confirms a free order itself once reserved (no payment); the process then completes.
        await WaitUntilAsync(async () => (await FindProcessAsync(orderId))?.State == ProcessState.ReservationConfirmationReceived, "seats reserved");
        Assert.True((await EventsOfAsync(nameof(Order), orderId)).OfType<OrderTotalsCalculated>().Last().IsFreeOfCharge);
        await bus.SendAsync(new ConfirmOrder(orderId), default);
        await WaitUntilAsync(async () => (await FindProcessAsync(orderId))?.Completed == true, "process completed");
        Assert.Equal(3, (await LoadAsync<SeatsAvailability>(conferenceId))!.RemainingSeats(free));
    }

    [Fact]
    public async Task when_an_expired_order_is_confirmed_then_the_command_is_dead_lettered_once_on_its_first_delivery_with_the_rule()
    {
        var bus = host.Services.GetRequiredService<ICommandBus>();
        await bus.SendAsync(new AddSeats(conferenceId, fullPass, 10), default);
        await WaitUntilAsync(async () => (await LoadAsync<SeatsAvailability>(conferenceId))?.RemainingSeats(fullPass) == 10, "seats added");
        var orderId = Guid.NewGuid();
        await bus.SendAsync(new RegisterToConference(orderId, conferenceId, [new SeatQuantity(fullPass, 1)]), default);
        await WaitUntilAsync(async () => await LoadAsync<Order>(orderId) is not null, "order placed");
        await bus.SendAsync(new RejectOrder(orderId), default);
        await WaitUntilAsync(async () => (await EventsOfAsync(nameof(Order), orderId)).OfType<OrderExpired>().Any(), "order expired");

        var confirm = new ConfirmOrder(orderId);
        await bus.SendAsync(confirm, default);

        var transport = host.Services.GetRequiredService<IMessageTransport>();
        await WaitUntilAsync(async () => (await transport.DeadLetters.ListAsync(Subscriptions.CommandsTopic, Subscriptions.OrderCommandHandler, 100, default)).Count > 0, "confirmation dead-lettered");
        var deadLetter = Assert.Single(await transport.DeadLetters.ListAsync(Subscriptions.CommandsTopic, Subscriptions.OrderCommandHandler, 100, default));
        Assert.Equal(confirm.Id.ToString(), deadLetter.Message.MessageId);
        Assert.Equal(DeadLetterReasons.BusinessRuleViolation, deadLetter.Reason);
        Assert.Equal("Cannot confirm an expired order.", deadLetter.ErrorDescription);
        Assert.Equal(1, deadLetter.DeliveryCount);
        Assert.DoesNotContain(await EventsOfAsync(nameof(Order), orderId), e => e is OrderConfirmed);
    }

    private async Task<T?> LoadAsync<T>(Guid id) where T : EventSourced
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEventSourcedRepository<T>>().FindAsync(id, default);
    }

    private async Task<RegistrationProcessManager?> FindProcessAsync(Guid orderId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IProcessManagerDataContext<RegistrationProcessManager>>().FindAsync(orderId, default);
    }

    private async Task<List<object>> EventsOfAsync(string sourceType, Guid id)
    {
        var serializer = host.Services.GetRequiredService<Infrastructure.Serialization.IMessageSerializer>();
        var stored = await host.Services.GetRequiredService<IEventStore>().LoadAsync(sourceType, id, 0, default);
        return stored.Select(e => serializer.Deserialize(e.TypeName, e.Payload)).ToList();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}.");
            }

            await Task.Delay(50);
        }
    }

    private sealed class FixedPrices(Guid conferenceId, params SeatTypePrice[] initial) : ISeatTypePriceSource
    {
        private readonly List<SeatTypePrice> prices = [.. initial];

        public void Add(SeatTypePrice price)
        {
            lock (prices)
            {
                prices.Add(price);
            }
        }

        public Task<IReadOnlyList<SeatTypePrice>> GetSeatTypePricesAsync(Guid conference, CancellationToken cancellationToken)
        {
            lock (prices)
            {
                return Task.FromResult<IReadOnlyList<SeatTypePrice>>(conference == conferenceId ? prices.ToList() : []);
            }
        }
    }
}

public sealed class SqliteRegistrationFlowSpecs : RegistrationFlowSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresRegistrationFlowSpecs : RegistrationFlowSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>The same flow with the Table Storage event store on Azurite; transport and process stores stay on SQLite.</summary>
public sealed class AzureTableEventStoreRegistrationFlowSpecs : RegistrationFlowSpecs
{
    private readonly string tablePrefix = Azurite.UniqueTablePrefix("Flow");

    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();

    protected override IServiceCollection AddEventStore(IServiceCollection services, ITestDatabase database) =>
        services.AddAzureTableEventStore(new AzureTableEventStoreOptions { Account = Azurite.Account, TablePrefix = tablePrefix });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Azurite.DeleteTablesAsync(tablePrefix);
    }
}
