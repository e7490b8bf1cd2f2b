namespace Registration.Process;

/// <summary>Where a registration stands; the values are stored, so they never change.</summary>
public enum ProcessState
{
    NotStarted = 0,
    AwaitingReservationConfirmation = 1,
    ReservationConfirmationReceived = 2,
    PaymentConfirmationReceived = 3,
}
