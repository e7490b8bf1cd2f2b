using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Infrastructure;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;

namespace Discounts;

/// <summary>Runs the commands of the PromotionalCode aggregate; the command id travels with the events as their correlation id.</summary>
public sealed class PromotionalCodeCommandHandler(IEventSourcedRepository<PromotionalCode> repository, TimeProvider clock) :
    ICommandHandler<DefinePromotionalCode>,
    ICommandHandler<HoldPromotionalCode>,
    ICommandHandler<ReleasePromotionalCode>,
    ICommandHandler<RedeemPromotionalCode>
{
    public async Task HandleAsync(DefinePromotionalCode command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(command.Code);
        var id = PromotionalCodeIdentity.IdOf(command.ConferenceId, command.Code);
        var code = await repository.FindAsync(id, cancellationToken) ?? new PromotionalCode(id);
        code.Define(command.ConferenceId, command.Code, command.Kind, command.Amount, command.SeatTypes, command.Quota, command.Combining, command.ValidUntil);
        await repository.SaveAsync(code, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(HoldPromotionalCode command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var code = await repository.FindAsync(command.PromotionalCodeId, cancellationToken)
            ?? throw new BusinessRuleViolationException($"Promotional code {command.PromotionalCodeId} does not exist.");
        code.Hold(command.OrderId, command.Until, clock.GetUtcNow());
        await repository.SaveAsync(code, command.Id.ToString(), cancellationToken);
    }

    public async Task HandleAsync(ReleasePromotionalCode command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Nothing is held by a code that does not exist.
        var code = await repository.FindAsync(command.PromotionalCodeId, cancellationToken);
        if (code is not null)
        {
            code.Release(command.OrderId, clock.GetUtcNow());
            await repository.SaveAsync(code, command.Id.ToString(), cancellationToken);
        }
    }

    public async Task HandleAsync(RedeemPromotionalCode command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var code = await repository.GetAsync(command.PromotionalCodeId, cancellationToken);
        code.Redeem(command.OrderId, clock.GetUtcNow());
        await repository.SaveAsync(code, command.Id.ToString(), cancellationToken);
    }
}
