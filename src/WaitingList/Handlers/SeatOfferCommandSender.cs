using Infrastructure.Messaging;
using Registration.Contracts.Commands;
using WaitingList.Contracts.Commands;
using WaitingList.Contracts.Events;

namespace WaitingList.Handlers;

/// <summary>
/// Turns the waiting list's decisions into commands: hold seats for the first in line, expire an offer
/// at the end of its window, release the seats of an offer that passes on. The waiting list's events
/// are published from the event store's outbox, so a crash after a decision loses no command; the
/// command ids derive from the event, so a redelivered event sends nothing new.
/// </summary>
public sealed class SeatOfferCommandSender(ICommandBus bus, TimeProvider clock) :
    IEventHandler<SeatOfferRequested>,
    IEventHandler<WaitingListOfferMade>,
    IEventHandler<WaitingListOfferExpired>,
    IEventHandler<WaitingListLeft>,
    IEventHandler<SeatOfferWithdrawn>
{
    public Task HandleAsync(SeatOfferRequested @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SendAsync(new MakeSeatOffer(@event.ConferenceId, @event.OfferId, @event.SeatType, @event.Seats) { Id = IdFor(@event) }, cancellationToken);
    }

    public Task HandleAsync(WaitingListOfferMade @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var delay = @event.ExpiresAt - clock.GetUtcNow();
        var expiry = new ExpireWaitingListOffer(@event.ConferenceId, @event.SeatType, @event.OfferId) { Id = IdFor(@event) };
        return bus.SendAsync(new Envelope<ICommand>(expiry) { Delay = delay > TimeSpan.Zero ? delay : TimeSpan.Zero }, cancellationToken);
    }

    public Task HandleAsync(WaitingListOfferExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SendAsync(new ReleaseSeatOffer(@event.ConferenceId, @event.OfferId) { Id = IdFor(@event) }, cancellationToken);
    }

    public async Task HandleAsync(WaitingListLeft @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var offerId in @event.DeclinedOffers)
        {
            await SendAsync(new ReleaseSeatOffer(@event.ConferenceId, offerId) { Id = DeterministicGuid.Create($"{IdFor(@event)}/{offerId:N}") }, cancellationToken);
        }
    }

    public Task HandleAsync(SeatOfferWithdrawn @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SendAsync(new ReleaseSeatOffer(@event.ConferenceId, @event.OfferId) { Id = IdFor(@event) }, cancellationToken);
    }

    private static Guid IdFor(IVersionedEvent @event) =>
        DeterministicGuid.Create(MessageIds.ForVersionedEvent(@event.GetType().Name, @event.SourceId, @event.Version));

    private Task SendAsync(ISeatsAvailabilityCommand command, CancellationToken cancellationToken) =>
        bus.SendAsync(new Envelope<ICommand>(command) { PartitionKey = command.PartitionKey() }, cancellationToken);
}
