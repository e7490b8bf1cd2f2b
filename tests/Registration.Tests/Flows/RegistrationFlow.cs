using Infrastructure.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Payments.Contracts.Events;
using Registration.Assignments;
using Registration.Availability;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;
using Registration.Pricing;
using Registration.Process;
using Registration.Tests.Fakes;

namespace Registration.Tests.Flows;

/// <summary>
/// The Registration handlers and the process manager wired over the in-memory fakes: every command
/// and event goes through the bus, one at a time, in the order sent. Delayed commands wait until
/// <see cref="DeliverScheduledAsync"/> is called, as if their delay had passed.
/// </summary>
internal sealed class RegistrationFlow
{
    private readonly List<Envelope<ICommand>> scheduled = [];
    private readonly OrderCommandHandler orderHandler;
    private readonly SeatsAvailabilityHandler availabilityHandler;
    private readonly SeatAssignmentsHandler assignmentsHandler;
    private readonly RegistrationProcessManagerRouter router;

    public RegistrationFlow()
    {
        Orders = new FakeEventSourcedRepository<Order>(Bus);
        Availability = new FakeEventSourcedRepository<SeatsAvailability>(Bus);
        Assignments = new FakeEventSourcedRepository<SeatAssignments>(Bus);
        Processes = new FakeProcessManagerDataContext<RegistrationProcessManager>(Bus);
        orderHandler = new OrderCommandHandler(Orders, new PricingService(Prices), Clock);
        availabilityHandler = new SeatsAvailabilityHandler(Availability);
        assignmentsHandler = new SeatAssignmentsHandler(Orders, Assignments);
        router = new RegistrationProcessManagerRouter(Processes, Clock, NullLogger<RegistrationProcessManagerRouter>.Instance, new RegistrationOptions());
    }

    public InMemoryBus Bus { get; } = new();

    public TestClock Clock { get; } = new();

    public FakeSeatTypePrices Prices { get; } = new();

    public FakeEventSourcedRepository<Order> Orders { get; }

    public FakeEventSourcedRepository<SeatsAvailability> Availability { get; }

    public FakeEventSourcedRepository<SeatAssignments> Assignments { get; }

    public FakeProcessManagerDataContext<RegistrationProcessManager> Processes { get; }

    public async Task SendAsync(ICommand command)
    {
        await Bus.SendAsync(command, CancellationToken.None);
        await DrainAsync();
    }

    public async Task PublishAsync(IEvent @event)
    {
        await Bus.PublishAsync(@event, CancellationToken.None);
        await DrainAsync();
    }

    /// <summary>Delivers the delayed commands, as if their time had come.</summary>
    public async Task DeliverScheduledAsync()
    {
        var due = scheduled.ToList();
        scheduled.Clear();
        foreach (var command in due)
        {
            await HandleAsync(command.Body);
        }

        await DrainAsync();
    }

    public async Task DrainAsync()
    {
        while (Bus.TryTake(out var message))
        {
            switch (message)
            {
                case Envelope<ICommand> { Delay: var delay } command when delay > TimeSpan.Zero:
                    scheduled.Add(command);
                    break;
                case Envelope<ICommand> command:
                    await HandleAsync(command.Body);
                    break;
                case Envelope<IEvent> @event:
                    await HandleAsync(@event);
                    break;
            }
        }
    }

    private Task HandleAsync(ICommand command) => command switch
    {
        RegisterToConference c => orderHandler.HandleAsync(c, CancellationToken.None),
        MarkSeatsAsReserved c => orderHandler.HandleAsync(c, CancellationToken.None),
        RejectOrder c => orderHandler.HandleAsync(c, CancellationToken.None),
        AssignRegistrantDetails c => orderHandler.HandleAsync(c, CancellationToken.None),
        ConfirmOrder c => orderHandler.HandleAsync(c, CancellationToken.None),
        MakeSeatReservation c => availabilityHandler.HandleAsync(c, CancellationToken.None),
        CancelSeatReservation c => availabilityHandler.HandleAsync(c, CancellationToken.None),
        CommitSeatReservation c => availabilityHandler.HandleAsync(c, CancellationToken.None),
        AddSeats c => availabilityHandler.HandleAsync(c, CancellationToken.None),
        RemoveSeats c => availabilityHandler.HandleAsync(c, CancellationToken.None),
        AssignSeat c => assignmentsHandler.HandleAsync(c, CancellationToken.None),
        UnassignSeat c => assignmentsHandler.HandleAsync(c, CancellationToken.None),
        ExpireRegistrationProcess c => router.HandleAsync(c, CancellationToken.None),
        _ => throw new InvalidOperationException($"No handler for {command.GetType().Name}."),
    };

    private async Task HandleAsync(Envelope<IEvent> envelope)
    {
        switch (envelope.Body)
        {
            case OrderPlaced e:
                await router.HandleAsync(e, CancellationToken.None);
                break;
            case OrderUpdated e:
                await router.HandleAsync(e, CancellationToken.None);
                break;
            case SeatsReserved e:
                await router.HandleAsync(new Envelope<SeatsReserved>(e) { CorrelationId = envelope.CorrelationId }, CancellationToken.None);
                break;
            case PaymentCompleted e:
                await router.HandleAsync(e, CancellationToken.None);
                break;
            case OrderConfirmed e:
                await router.HandleAsync(e, CancellationToken.None);
                await assignmentsHandler.HandleAsync(e, CancellationToken.None);
                break;
        }
    }
}
