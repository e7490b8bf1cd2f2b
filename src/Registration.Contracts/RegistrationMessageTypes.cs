using Infrastructure.Serialization;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;

namespace Registration.Contracts;

/// <summary>The stable names of the Registration messages, and the old names still readable.</summary>
public static class RegistrationMessageTypes
{
    public static MessageTypeRegistry Register(MessageTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        registry
            .Register<RegisterToConference>()
            .Register<MarkSeatsAsReserved>()
            .Register<RejectOrder>()
            .Register<AssignRegistrantDetails>()
            .Register<ConfirmOrder>()
            .Register<ExpireRegistrationProcess>()
            .Register<AssignSeat>()
            .Register<UnassignSeat>()
            .Register<MakeSeatReservation>()
            .Register<CancelSeatReservation>()
            .Register<CommitSeatReservation>()
            .Register<AddSeats>()
            .Register<RemoveSeats>()
            .Register<MakeSeatOffer>()
            .Register<ReleaseSeatOffer>()
            .Register<ApplyPromotionalCodes>()
            .Register<WithdrawPromotionalCode>()
            .Register<MarkPromotionalCodeHeld>();

        registry
            .Register<OrderPlaced>()
            .Register<OrderUpdated>()
            .Register<OrderPartiallyReserved>()
            .Register<OrderReservationCompleted>()
            .Register<OrderTotalsCalculated>()
            .Register<OrderRegistrantAssigned>()
            .Register<OrderExpired>()
            .Register<OrderConfirmed>()
            .Register<SeatAssignmentsCreated>()
            .Register<SeatAssigned>()
            .Register<SeatUnassigned>()
            .Register<SeatAssignmentUpdated>()
            .Register<SeatsReserved>()
            .Register<AvailableSeatsChanged>()
            .Register<SeatsReservationCommitted>()
            .Register<SeatsReservationCancelled>()
            .Register<SeatsOffered>()
            .Register<SeatOfferClaimed>()
            .Register<SeatOfferReleased>()
            .Register<OrderPromotionalCodesApplied>()
            .Register<OrderPromotionalCodeHeld>();

        // V2 renamed these when payments moved to their own bounded context; the shapes did not change.
        registry
            .Upcast<OrderConfirmed>("OrderPaymentConfirmed")
            .Upcast<ConfirmOrder>("ConfirmOrderPayment");

        return registry;
    }
}
