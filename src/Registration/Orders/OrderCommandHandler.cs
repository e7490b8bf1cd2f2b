using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts.Commands;
using Registration.Pricing;

namespace Registration.Orders;

/// <summary>Runs the commands of the Order aggregate; the command id travels with the events as their correlation id.</summary>
public sealed class OrderCommandHandler(
    IEventSourcedRepository<Order> repository,
    IPricingService pricing,
    TimeProvider clock,
    RegistrationOptions? options = null,
    IPromotionalCodeSource? promotionalCodes = null) :
    ICommandHandler<RegisterToConference>,
    ICommandHandler<ApplyPromotionalCodes>,
    ICommandHandler<WithdrawPromotionalCode>,
    ICommandHandler<MarkPromotionalCodeHeld>,
    ICommandHandler<MarkSeatsAsReserved>,
    ICommandHandler<RejectOrder>,
    ICommandHandler<AssignRegistrantDetails>,
    ICommandHandler<ConfirmOrder>
{
    private readonly RegistrationOptions settings = options ?? new RegistrationOptions();

    /// <summary>Places the order, or updates it when it already exists (the registrant changed the seats).</summary>
    public async Task HandleAsync(RegisterToConference command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.FindAsync(command.OrderId, cancellationToken);
        var conferenceId = order?.ConferenceId ?? command.ConferenceId;
        var totals = await pricing.CalculateTotalAsync(conferenceId, command.Seats, cancellationToken);
        if (order is null)
        {
            order = new Order(command.OrderId, command.ConferenceId, command.Seats, totals, clock, settings.ReservationWindow);
        }
        else
        {
            order.UpdateSeats(command.Seats, totals, settings.ExpirationBuffer);
        }

        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(MarkSeatsAsReserved command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        var reservedTotals = await pricing.CalculateTotalAsync(order.ConferenceId, command.Seats, cancellationToken);
        order.MarkAsReserved(command.Expiration, command.Seats, reservedTotals, settings.ExpirationBuffer);
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(RejectOrder command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Rejecting an order that was never saved has nothing to undo.
        var order = await repository.FindAsync(command.OrderId, cancellationToken);
        if (order is not null)
        {
            order.Expire();
            await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
        }
    }

    public async Task HandleAsync(AssignRegistrantDetails command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        order.AssignRegistrant(command.FirstName, command.LastName, command.Email);
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(ConfirmOrder command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        order.Confirm();
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(ApplyPromotionalCodes command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Codes);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        var entries = new List<PromotionalCodeEntry>();
        foreach (var code in command.Codes.Where(c => !string.IsNullOrWhiteSpace(c)).Take(Order.MaximumPromotionalCodes + 1).Select(c => c.Trim()))
        {
            // A code too long or not of letters and digits is no code of anyone's: unknown, without a lookup.
            var known = code.Length <= MaximumCodeLength && code.All(char.IsAsciiLetterOrDigit) && promotionalCodes is not null
                ? await promotionalCodes.FindAsync(order.ConferenceId, code, cancellationToken)
                : null;
            entries.Add(new PromotionalCodeEntry(code, known));
        }

        var seatTotals = await pricing.CalculateTotalAsync(order.ConferenceId, order.Seats, cancellationToken);
        order.ApplyPromotionalCodes(entries, seatTotals, clock.GetUtcNow(), settings.ExpirationBuffer);
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(WithdrawPromotionalCode command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        var seatTotals = await pricing.CalculateTotalAsync(order.ConferenceId, order.Seats, cancellationToken);
        order.WithdrawPromotionalCode(command.PromotionalCodeId, command.Reason, seatTotals, settings.ExpirationBuffer);
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(MarkPromotionalCodeHeld command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var order = await repository.GetAsync(command.OrderId, cancellationToken);
        order.MarkPromotionalCodeHeld(command.PromotionalCodeId);
        await repository.SaveAsync(order, command.Id.ToString(), cancellationToken);
    }

    private const int MaximumCodeLength = 50;
}
