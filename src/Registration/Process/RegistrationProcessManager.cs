using Infrastructure;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Payments.Contracts.Events;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;

namespace Registration.Process;

/// <summary>
/// Coordinates one order through reservation, payment and confirmation (RI V3 state machine). It holds
/// no business rules: it reacts to events by sending commands, which are saved with its state and sent
/// after the save. Duplicated and reordered messages are absorbed by state checks and by matching the
/// reservation reply to the last reservation command sent. A message for a step the process has
/// moved past is refused (<see cref="BusinessRuleViolationException"/>: it can never apply); a message
/// for a step it has not reached yet fails retryably, as what it waits for may still arrive.
/// </summary>
public sealed class RegistrationProcessManager : IProcessManager
{
    /// <summary>A reservation command still undelivered this long after the order's expiry is pointless and dropped.</summary>
    public static readonly TimeSpan ReservationCommandTimeToLiveMargin = TimeSpan.FromMinutes(1);

    private readonly List<Envelope<ICommand>> commands = [];

    public RegistrationProcessManager(Guid id)
    {
        Id = id;
    }

    // For the persistence mapping.
    private RegistrationProcessManager()
    {
    }

    public Guid Id { get; private set; }

    public ProcessState State { get; private set; }

    public bool Completed { get; private set; }

    public Guid ConferenceId { get; private set; }

    public Guid OrderId { get; private set; }

    /// <summary>The order id: the reservation is deterministic from OrderPlaced.</summary>
    public Guid ReservationId { get; private set; }

    public DateTimeOffset? ReservationAutoExpiration { get; private set; }

    /// <summary>Id of the last MakeSeatReservation sent: only the SeatsReserved correlated with it counts.</summary>
    public Guid SeatReservationCommandId { get; private set; }

    /// <summary>Id of the pending ExpireRegistrationProcess; empty once it no longer applies.</summary>
    public Guid ExpirationCommandId { get; private set; }

    public IEnumerable<Envelope<ICommand>> Commands => commands;

    /// <summary>
    /// Starts the process: reserves the seats for the order's countdown, and expires it
    /// <paramref name="expirationBuffer"/> after the countdown ends, so a payment in progress can finish.
    /// </summary>
    public void Handle(OrderPlaced message, DateTimeOffset now, TimeSpan expirationBuffer)
    {
        ArgumentNullException.ThrowIfNull(message);

        // A duplicate: this process already started.
        if (State != ProcessState.NotStarted || Completed)
        {
            return;
        }

        ConferenceId = message.ConferenceId;
        OrderId = message.SourceId;
        ReservationId = message.SourceId;
        ReservationAutoExpiration = message.ReservationAutoExpiration;

        var window = message.ReservationAutoExpiration - now;
        if (window > TimeSpan.Zero)
        {
            State = ProcessState.AwaitingReservationConfirmation;
            RequestReservation(message.Seats, window);

            var expiration = new ExpireRegistrationProcess(Id);
            ExpirationCommandId = expiration.Id;
            commands.Add(new Envelope<ICommand>(expiration) { Delay = window + expirationBuffer });
        }
        else
        {
            // Delivered after the order already expired: nothing to reserve.
            commands.Add(new Envelope<ICommand>(new RejectOrder(OrderId)));
            Completed = true;
        }
    }

    public void Handle(OrderUpdated message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (State)
        {
            case ProcessState.AwaitingReservationConfirmation or ProcessState.ReservationConfirmationReceived:
                break;
            case ProcessState.NotStarted:
                // Overtook its OrderPlaced, which may still arrive.
                throw NotYetOrNever("The order cannot be updated before the process has started.");
            default:
                // Paid: the process never goes back to reserving seats.
                throw new BusinessRuleViolationException("The order cannot be updated once its payment has been received.");
        }

        State = ProcessState.AwaitingReservationConfirmation;
        RequestReservation(message.Seats, ReservationAutoExpiration - now ?? TimeSpan.Zero);
    }

    public void Handle(Envelope<SeatsReserved> envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var answersLastRequest = Guid.TryParse(envelope.CorrelationId, out var correlationId) && correlationId == SeatReservationCommandId;

        // A reply to an earlier reservation command (superseded by an update) or the reply already
        // handled: both are ignored, only the reply to the last command moves the process on.
        if (!answersLastRequest || State != ProcessState.AwaitingReservationConfirmation)
        {
            return;
        }

        State = ProcessState.ReservationConfirmationReceived;
        commands.Add(new Envelope<ICommand>(new MarkSeatsAsReserved(OrderId, envelope.Body.ReservationDetails, ReservationAutoExpiration!.Value)));
    }

    public void Handle(PaymentCompleted message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (State)
        {
            case ProcessState.ReservationConfirmationReceived:
                State = ProcessState.PaymentConfirmationReceived;
                commands.Add(new Envelope<ICommand>(new ConfirmOrder(OrderId)));
                break;
            case ProcessState.PaymentConfirmationReceived:
                // A duplicate: the order confirmation was already asked for.
                break;
            default:
                // Before the reservation is confirmed (a new one after an update, or the process not
                // started), the awaited SeatsReserved may still move it to where this applies.
                throw NotYetOrNever("Cannot handle payment confirmation before the reservation is confirmed.");
        }
    }

    /// <summary>Paid orders are confirmed after PaymentCompleted; free orders straight after the reservation.</summary>
    public void Handle(OrderConfirmed message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // As for the payment: the awaited SeatsReserved may still arrive.
        if (State is not (ProcessState.ReservationConfirmationReceived or ProcessState.PaymentConfirmationReceived))
        {
            throw NotYetOrNever("Cannot handle order confirmation before the reservation is confirmed.");
        }

        ExpirationCommandId = Guid.Empty;
        Completed = true;
        commands.Add(SeatsAvailabilityCommand(new CommitSeatReservation(ConferenceId, ReservationId)));
    }

    /// <summary>Releases the seats of an order not confirmed in time; a stale or repeated expiration is ignored.</summary>
    public void Handle(ExpireRegistrationProcess command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (ExpirationCommandId != command.Id || ExpirationCommandId == Guid.Empty)
        {
            return;
        }

        ExpirationCommandId = Guid.Empty;
        Completed = true;
        commands.Add(new Envelope<ICommand>(new RejectOrder(OrderId)));
        commands.Add(SeatsAvailabilityCommand(new CancelSeatReservation(ConferenceId, ReservationId)));
    }

    /// <summary>
    /// A message early for the current state fails retryably (what it waits for may still arrive),
    /// unless the process has completed: then nothing it waits for ever will.
    /// </summary>
    private Exception NotYetOrNever(string notYet) =>
        Completed
            ? new BusinessRuleViolationException("The registration process has already completed.")
            : new InvalidOperationException(notYet);

    private void RequestReservation(IReadOnlyList<SeatQuantity> seats, TimeSpan window)
    {
        var reservation = new MakeSeatReservation(ConferenceId, ReservationId, seats);
        SeatReservationCommandId = reservation.Id;
        commands.Add(SeatsAvailabilityCommand(reservation) with
        {
            TimeToLive = (window > TimeSpan.Zero ? window : TimeSpan.Zero) + ReservationCommandTimeToLiveMargin,
        });
    }

    private static Envelope<ICommand> SeatsAvailabilityCommand(ISeatsAvailabilityCommand command) =>
        new(command) { PartitionKey = command.PartitionKey() };
}
