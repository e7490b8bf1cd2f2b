using Discounts.Contracts.Commands;
using Discounts.Contracts.Events;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Registration.Contracts.Commands;
using Registration.Contracts.Events;
using Registration.Orders;

namespace Registration.PromotionalCodes;

/// <summary>
/// Keeps the uses of limited promotional codes in step with the orders using them: an order that
/// accepts such a code asks Discounts to hold a use, releases it when it drops the code or expires,
/// and consumes it when confirmed; Discounts' answers come back to the order. It only sends commands,
/// each idempotent by order id on the other side, so a redelivered event changes nothing.
/// </summary>
public sealed class PromotionalCodeUseHandler(IEventSourcedRepository<Order> orders, ICommandBus commands) :
    IEventHandler<OrderPromotionalCodesApplied>,
    IEventHandler<OrderExpired>,
    IEventHandler<OrderConfirmed>,
    IEventHandler<PromotionalCodeHeld>,
    IEventHandler<PromotionalCodeHoldRefused>
{
    public Task HandleAsync(OrderPromotionalCodesApplied @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;
        var holds = @event.Accepted.Where(c => c.Quota is not null)
            .Select(c => new Envelope<ICommand>(new HoldPromotionalCode(c.PromotionalCodeId, orderId, @event.HoldUntil)));
        var releases = @event.Withdrawn.Select(id => new Envelope<ICommand>(new ReleasePromotionalCode(id, orderId)));
        return SendAsync([.. holds, .. releases], cancellationToken);
    }

    public async Task HandleAsync(OrderExpired @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;
        var order = await orders.GetAsync(orderId, cancellationToken);
        await SendAsync([.. LimitedCodes(order).Select(id => new Envelope<ICommand>(new ReleasePromotionalCode(id, orderId)))], cancellationToken);
    }

    public async Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var orderId = @event.SourceId;
        var order = await orders.GetAsync(orderId, cancellationToken);
        await SendAsync([.. LimitedCodes(order).Select(id => new Envelope<ICommand>(new RedeemPromotionalCode(id, orderId)))], cancellationToken);
    }

    public Task HandleAsync(PromotionalCodeHeld @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SendAsync([new Envelope<ICommand>(new MarkPromotionalCodeHeld(@event.OrderId, @event.SourceId))], cancellationToken);
    }

    public Task HandleAsync(PromotionalCodeHoldRefused @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return SendAsync([new Envelope<ICommand>(new WithdrawPromotionalCode(@event.OrderId, @event.SourceId, @event.Reason))], cancellationToken);
    }

    // Confirmed and expired orders change no more: what the order holds now is what it held then.
    private static IEnumerable<Guid> LimitedCodes(Order order) =>
        order.PromotionalCodes.Where(c => c.Quota is not null).Select(c => c.PromotionalCodeId);

    private Task SendAsync(IReadOnlyList<Envelope<ICommand>> envelopes, CancellationToken cancellationToken) =>
        envelopes.Count == 0 ? Task.CompletedTask : commands.SendAsync(envelopes, cancellationToken);
}
