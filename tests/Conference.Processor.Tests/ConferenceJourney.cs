using Conference.Contracts;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Payments.Contracts;
using Payments.Contracts.Commands;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.ReadModel;
using Registration.ReadModel.Implementation;

namespace Conference.Processor.Tests;

/// <summary>
/// Drives the system as its users do, through the same services the sites use (Conference Management,
/// commands on the bus, DAOs over the read model), and waits for the eventually consistent outcome.
/// </summary>
internal sealed class ConferenceJourney(IServiceProvider services, TimeSpan patience)
{
    public const decimal FullPassPrice = 199m;
    public const decimal WorkshopPrice = 50m;

    public Guid ConferenceId { get; private set; }

    public Guid FullPass { get; private set; }

    public Guid Workshop { get; private set; }

    public ICommandBus Bus => services.GetRequiredService<ICommandBus>();

    /// <summary>Uncached, so a wait sees the read model as it is now.</summary>
    public ConferenceDao Conferences => services.GetRequiredService<ConferenceDao>();

    public IOrderDao Orders => services.GetRequiredService<IOrderDao>();

    /// <summary>A business customer creates a conference with two seat types of <paramref name="quota"/> seats and publishes it.</summary>
    public async Task CreateAndPublishConferenceAsync(int quota)
    {
        await using var scope = services.CreateAsyncScope();
        var management = scope.ServiceProvider.GetRequiredService<ConferenceService>();
        var slug = "summit-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.Date.AddMonths(1);
        var conference = await management.CreateConferenceAsync(
            new Owner("Ana Owner", "ana@contoso.example"),
            new ConferenceDetails("CQRS Summit", "The summit", "Redmond", "Tagline", "#cqrs", slug, new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(start.AddDays(1), TimeSpan.Zero)),
            default);
        ConferenceId = conference.Id;
        FullPass = (await management.CreateSeatAsync(ConferenceId, new SeatTypeDetails("Full pass", "Both days", FullPassPrice, quota), default)).Id;
        Workshop = (await management.CreateSeatAsync(ConferenceId, new SeatTypeDetails("Workshop", "Hands on", WorkshopPrice, quota), default)).Id;
        await management.PublishAsync(ConferenceId, default);
    }

    public async Task<IReadOnlyList<Registration.ReadModel.SeatType>> WaitForSeatTypesAsync(Func<IReadOnlyList<Registration.ReadModel.SeatType>, bool> condition, string what) =>
        await WaitForAsync(() => Conferences.GetPublishedSeatTypesAsync(ConferenceId, default), condition, what);

    /// <summary>A registrant buys one full pass and one workshop, pays, and assigns the full pass to an attendee.</summary>
    public async Task<Guid> RegisterAndPayAsync(string registrantEmail)
    {
        var orderId = Guid.NewGuid();
        await Bus.SendAsync(new RegisterToConference(orderId, ConferenceId, [new SeatQuantity(FullPass, 1), new SeatQuantity(Workshop, 1)]), default);
        var priced = await WaitForAsync<PricedOrder?>(() => Orders.FindPricedOrderAsync(orderId, default), o => o is { Total: FullPassPrice + WorkshopPrice }, $"priced order {orderId}");

        await Bus.SendAsync(new AssignRegistrantDetails(orderId, "Rita", "Registrant", registrantEmail), default);
        await WaitForAsync(() => Orders.FindDraftOrderAsync(orderId, default), o => o is { State: DraftOrderState.ReservationCompleted, RegistrantEmail: not null }, $"order {orderId} reserved");

        var paymentId = Guid.NewGuid();
        await Bus.SendAsync(
            new InitiateThirdPartyProcessorPayment(paymentId, orderId, ConferenceId, "CQRS Summit order", priced!.Total, [.. priced.Lines.Select(l => new PaymentItem(l.Description, l.LineTotal))]),
            default);
        await Bus.SendAsync(new CompleteThirdPartyProcessorPayment(paymentId), default);
        await WaitForAsync(() => Orders.FindDraftOrderAsync(orderId, default), o => o?.State == DraftOrderState.Confirmed, $"order {orderId} confirmed");

        var assignmentsId = (await WaitForAsync(() => Orders.FindPricedOrderAsync(orderId, default), o => o?.AssignmentsId is not null, $"assignments of {orderId}"))!.AssignmentsId!.Value;
        var seats = await WaitForAsync(() => Orders.FindOrderSeatsAsync(assignmentsId, default), s => s?.Seats.Count == 2, $"seats of {orderId}");
        var fullPassSeat = seats!.Seats.Single(s => s.SeatType == FullPass);
        await Bus.SendAsync(new AssignSeat(assignmentsId, fullPassSeat.Position, new PersonalInfo("Ada", "Attendee", "ada." + registrantEmail)), default);
        await WaitForAsync(() => Orders.FindOrderSeatsAsync(assignmentsId, default), s => s!.Seats.Any(x => x.Attendee is not null), $"attendee of {orderId}");
        return orderId;
    }

    /// <summary>Conference Management's own orders list (from Registration's events).</summary>
    public async Task<IReadOnlyList<Order>> WaitForManagedOrdersAsync(Func<IReadOnlyList<Order>, bool> condition, string what) =>
        await WaitForAsync(
            async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<ConferenceService>().FindOrdersAsync(ConferenceId, default);
            },
            condition,
            what);

    /// <summary>The events of one stream, as stored.</summary>
    public async Task<IReadOnlyList<object>> EventsAsync(string sourceType, Guid id)
    {
        var serializer = services.GetRequiredService<IMessageSerializer>();
        var stored = await services.GetRequiredService<IEventStore>().LoadAsync(sourceType, id, 0, default);
        return [.. stored.Select(e => serializer.Deserialize(e.TypeName, e.Payload))];
    }

    public async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(100);
        }
    }

    public static int CountOf<T>(IEnumerable<object> events) => events.OfType<T>().Count();

    public static bool IsConfirmation(object e) => e is OrderConfirmed;
}
