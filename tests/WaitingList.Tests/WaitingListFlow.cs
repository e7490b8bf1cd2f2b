using Infrastructure.Messaging;
using Registration.Availability;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Tests.Fakes;
using WaitingList.Contracts.Commands;
using WaitingList.Contracts.Events;
using WaitingList.Handlers;

namespace WaitingList.Tests;

/// <summary>
/// The real SeatsAvailability and waiting list with their handlers, joined by an in-memory bus that
/// delivers every message (optionally twice) until nothing is left; delayed commands wait for
/// <see cref="AdvancePastDelays"/>.
/// </summary>
internal sealed class WaitingListFlow
{
    private readonly InMemoryBus bus = new();
    private readonly List<Envelope<ICommand>> delayed = [];
    private readonly SeatsAvailabilityHandler availabilityHandler;
    private readonly WaitingListCommandHandler commandHandler;
    private readonly SeatsAvailabilityEventHandler availabilityEvents;
    private readonly SeatOfferCommandSender offerCommands;

    public WaitingListFlow(bool deliverTwice = false)
    {
        DeliverTwice = deliverTwice;
        Availability = new FakeEventSourcedRepository<SeatsAvailability>(bus);
        Lists = new FakeEventSourcedRepository<SeatTypeWaitingList>(bus);
        availabilityHandler = new SeatsAvailabilityHandler(Availability);
        commandHandler = new WaitingListCommandHandler(Lists, Clock);
        availabilityEvents = new SeatsAvailabilityEventHandler(Lists, Clock, new WaitingListOptions { OfferWindow = WaitingListData.Window });
        offerCommands = new SeatOfferCommandSender(bus, Clock);
    }

    public bool DeliverTwice { get; }

    public TestClock Clock { get; } = new();

    public FakeEventSourcedRepository<SeatsAvailability> Availability { get; }

    public FakeEventSourcedRepository<SeatTypeWaitingList> Lists { get; }

    public IEnumerable<IEvent> ListEvents => Lists.Events(WaitingListData.ListId);

    public IEnumerable<IEvent> AvailabilityEvents => Availability.Events(WaitingListData.ConferenceId);

    public int RemainingWorkshopSeats() =>
        SeatsAvailability.Rehydrate(WaitingListData.ConferenceId, Availability.Events(WaitingListData.ConferenceId)).RemainingSeats(WaitingListData.Workshop);

    public async Task SendAsync(ICommand command)
    {
        await bus.SendAsync(command, CancellationToken.None);
        await DrainAsync();
    }

    /// <summary>The clock passes every delay scheduled so far; the delayed commands are delivered.</summary>
    public async Task AdvancePastDelays()
    {
        Clock.Advance(WaitingListData.Window + TimeSpan.FromMinutes(1));
        var due = delayed.ToList();
        delayed.Clear();
        foreach (var command in due)
        {
            await DeliverAsync(command.Body);
        }

        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        while (bus.TryTake(out var message))
        {
            switch (message)
            {
                case Envelope<ICommand> later when later.Delay > TimeSpan.Zero:
                    delayed.Add(later);
                    break;
                case Envelope<ICommand> command:
                    await DeliverAsync(command.Body);
                    break;
                case Envelope<IEvent> @event:
                    await DeliverAsync(@event.Body);
                    break;
            }
        }
    }

    private async Task DeliverAsync(object message)
    {
        // Only AddSeats is not idempotent by itself: the transport's duplicate detection drops its repeat.
        for (var i = 0; i < (DeliverTwice && message is not AddSeats ? 2 : 1); i++)
        {
            await (message switch
            {
                AddSeats c => availabilityHandler.HandleAsync(c, default),
                MakeSeatReservation c => availabilityHandler.HandleAsync(c, default),
                CancelSeatReservation c => availabilityHandler.HandleAsync(c, default),
                MakeSeatOffer c => availabilityHandler.HandleAsync(c, default),
                ReleaseSeatOffer c => availabilityHandler.HandleAsync(c, default),
                JoinWaitingList c => commandHandler.HandleAsync(c, default),
                LeaveWaitingList c => commandHandler.HandleAsync(c, default),
                ExpireWaitingListOffer c => commandHandler.HandleAsync(c, default),
                SeatsOffered e => availabilityEvents.HandleAsync(e, default),
                SeatOfferClaimed e => availabilityEvents.HandleAsync(e, default),
                SeatOfferReleased e => availabilityEvents.HandleAsync(e, default),
                SeatsReservationCancelled e => availabilityEvents.HandleAsync(e, default),
                SeatsReserved e => availabilityEvents.HandleAsync(e, default),
                AvailableSeatsChanged e => availabilityEvents.HandleAsync(e, default),
                SeatOfferRequested e => offerCommands.HandleAsync(e, default),
                WaitingListOfferMade e => offerCommands.HandleAsync(e, default),
                WaitingListOfferExpired e => offerCommands.HandleAsync(e, default),
                WaitingListLeft e => offerCommands.HandleAsync(e, default),
                SeatOfferWithdrawn e => offerCommands.HandleAsync(e, default),
                _ => Task.CompletedTask,
            });
        }
    }
}
