using System.Linq.Expressions;
using Infrastructure.Messaging;
using Infrastructure.Processes;
using Microsoft.Extensions.Logging;
using Payments.Contracts.Events;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;

namespace Registration.Process;

/// <summary>
/// Finds the registration process a message belongs to, lets it decide, and saves it (its commands
/// are sent by the data context once saved). One process per order: its id is the order id.
/// </summary>
public sealed partial class RegistrationProcessManagerRouter(
    IProcessManagerDataContext<RegistrationProcessManager> context,
    TimeProvider clock,
    ILogger<RegistrationProcessManagerRouter> logger,
    RegistrationOptions? options = null) :
    IEventHandler<OrderPlaced>,
    IEventHandler<OrderUpdated>,
    IEnvelopedEventHandler<SeatsReserved>,
    IEventHandler<PaymentCompleted>,
    IEventHandler<OrderConfirmed>,
    ICommandHandler<ExpireRegistrationProcess>
{
    private readonly TimeSpan expirationBuffer = (options ?? new RegistrationOptions()).ExpirationBuffer;

    public async Task HandleAsync(OrderPlaced @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;

        // Completed ones too: a duplicate OrderPlaced must never start a second process.
        var process = await context.FindAsync(p => p.OrderId == orderId, includeCompleted: true, cancellationToken)
            ?? new RegistrationProcessManager(orderId);
        process.Handle(@event, clock.GetUtcNow(), expirationBuffer);
        await context.SaveAsync(process, cancellationToken);
    }

    public async Task HandleAsync(OrderUpdated @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;

        // Overtook its OrderPlaced: failing lets it be redelivered once the process exists.
        var process = await context.FindAsync(p => p.OrderId == orderId, includeCompleted: true, cancellationToken)
            ?? throw new InvalidOperationException($"No registration process for order {orderId} yet.");
        if (process.Completed)
        {
            return;
        }

        process.Handle(@event, clock.GetUtcNow());
        await context.SaveAsync(process, cancellationToken);
    }

    public async Task HandleAsync(Envelope<SeatsReserved> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var reservationId = envelope.Body.ReservationId;
        var process = await FindAsync(p => p.ReservationId == reservationId, nameof(SeatsReserved), reservationId, cancellationToken);
        if (process is null or { Completed: true })
        {
            return;
        }

        process.Handle(envelope);
        await context.SaveAsync(process, cancellationToken);
    }

    public async Task HandleAsync(PaymentCompleted @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.PaymentSourceId;
        var process = await FindAsync(p => p.OrderId == orderId, nameof(PaymentCompleted), orderId, cancellationToken);
        if (process is null or { Completed: true })
        {
            // Paid after the seats were released: the book leaves this to the business customer.
            if (process is not null)
            {
                LogPaymentAfterCompletion(orderId);
            }

            return;
        }

        process.Handle(@event);
        await context.SaveAsync(process, cancellationToken);
    }

    public async Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;
        var process = await FindAsync(p => p.OrderId == orderId, nameof(OrderConfirmed), orderId, cancellationToken);
        if (process is null or { Completed: true })
        {
            return;
        }

        process.Handle(@event);
        await context.SaveAsync(process, cancellationToken);
    }

    public async Task HandleAsync(ExpireRegistrationProcess command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var process = await context.FindAsync(command.ProcessId, cancellationToken);
        if (process is null)
        {
            LogProcessNotFound(nameof(ExpireRegistrationProcess), command.ProcessId);
            return;
        }

        process.Handle(command);
        await context.SaveAsync(process, cancellationToken);
    }

    private async Task<RegistrationProcessManager?> FindAsync(
        Expression<Func<RegistrationProcessManager, bool>> predicate, string message, Guid key, CancellationToken cancellationToken)
    {
        var process = await context.FindAsync(predicate, includeCompleted: true, cancellationToken);
        if (process is null)
        {
            LogProcessNotFound(message, key);
        }

        return process;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No registration process found for {Message} {Key}; ignored")]
    private partial void LogProcessNotFound(string message, Guid key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment completed for order {OrderId} after its registration process completed; the business customer must resolve it")]
    private partial void LogPaymentAfterCompletion(Guid orderId);
}
