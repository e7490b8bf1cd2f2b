using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts;
using Registration.Contracts.Events;
using WaitingList.Contracts;

namespace WaitingList.Handlers;

/// <summary>
/// Tells the waiting lists what the seat availability did: the seats it held for an offer, an offer
/// taken up by an order, and seats that came back (a reservation cancelled or reduced, an offer
/// released, capacity added). A seat type without a waiting list is left alone.
/// </summary>
public sealed class SeatsAvailabilityEventHandler(
    IEventSourcedRepository<SeatTypeWaitingList> repository,
    TimeProvider clock,
    WaitingListOptions options) :
    IEventHandler<SeatsOffered>,
    IEventHandler<SeatOfferClaimed>,
    IEventHandler<SeatOfferReleased>,
    IEventHandler<SeatsReservationCancelled>,
    IEventHandler<SeatsReserved>,
    IEventHandler<AvailableSeatsChanged>
{
    public Task HandleAsync(SeatsOffered @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ChangeAsync(@event, @event.SeatType, list => list.RecordSeatsOffered(@event.OfferId, @event.Quantity, clock.GetUtcNow(), options.OfferWindow), cancellationToken);
    }

    public Task HandleAsync(SeatOfferClaimed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return ChangeAsync(@event, @event.SeatType, list => list.MarkOfferTaken(@event.OfferId), cancellationToken);
    }

    public Task HandleAsync(SeatOfferReleased @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SeatsCameBackAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(SeatsReservationCancelled @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SeatsCameBackAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(SeatsReserved @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SeatsCameBackAsync(@event, @event.AvailableSeatsChanged, cancellationToken);
    }

    public Task HandleAsync(AvailableSeatsChanged @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SeatsCameBackAsync(@event, @event.Seats, cancellationToken);
    }

    private async Task SeatsCameBackAsync(IVersionedEvent @event, IEnumerable<SeatQuantity> changes, CancellationToken cancellationToken)
    {
        foreach (var seatType in changes.Where(c => c.Quantity > 0).Select(c => c.SeatType).Distinct())
        {
            await ChangeAsync(@event, seatType, list => list.SeatsMayBeFree(), cancellationToken);
        }
    }

    private async Task ChangeAsync(IVersionedEvent @event, Guid seatType, Action<SeatTypeWaitingList> change, CancellationToken cancellationToken)
    {
        // The availability's id is the conference id.
        var list = await repository.FindAsync(WaitingListIds.For(@event.SourceId, seatType), cancellationToken);
        if (list is null)
        {
            return;
        }

        change(list);
        await repository.SaveAsync(list, MessageIds.ForVersionedEvent(@event.GetType().Name, @event.SourceId, @event.Version), cancellationToken);
    }
}
