using Discounts.Contracts.Events;
using Infrastructure.Messaging;
using Infrastructure.Sql.Projections;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Registration.ReadModel.Implementation;

/// <summary>
/// Keeps the promotional codes Registration prices orders with from the Discounts events. It hears every
/// event of a code, and applies them strictly in order (each carries the uses left after it): older
/// versions are duplicates, and one that arrives early is deferred until those before it are applied.
/// </summary>
public sealed class PromotionalCodeViewModelGenerator(
    IDbContextFactory<ConferenceRegistrationDbContext> contexts,
    ILogger<PromotionalCodeViewModelGenerator> logger) :
    IEventHandler<PromotionalCodeDefined>,
    IEventHandler<PromotionalCodeHeld>,
    IEventHandler<PromotionalCodeHoldRefused>,
    IEventHandler<PromotionalCodeReleased>,
    IEventHandler<PromotionalCodeRedeemed>
{
    private static readonly ProjectionRow<PromotionalCodeView> Codes = new("promotional code", (code, @event) => code.Version = @event.Version)
    {
        AppliedVersion = code => code.Version,
        InSequence = true,
    };

    private readonly EfProjection<ConferenceRegistrationDbContext, PromotionalCodeView> codes = new(contexts, Codes, logger);

    public Task HandleAsync(PromotionalCodeDefined @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        bool Apply(PromotionalCodeView code)
        {
            var usesTaken = code.Quota is { } quota && code.UsesLeft is { } left ? quota - left : 0;
            code.Code = @event.Code;
            code.Kind = @event.Kind;
            code.Amount = @event.Amount;
            code.SeatTypes = string.Join(',', @event.SeatTypes);
            code.Quota = @event.Quota;
            code.Combining = @event.Combining;
            code.ValidUntil = @event.ValidUntil;
            code.UsesLeft = @event.Quota - usesTaken;
            return true;
        }

        // The first definition opens the code's sequence; a later one waits for the code to exist.
        return @event.Version == 1
            ? codes.UpsertAsync(@event.SourceId, @event, () => new PromotionalCodeView { Id = @event.SourceId, ConferenceId = @event.ConferenceId }, Apply, cancellationToken)
            : codes.UpdateAsync(@event.SourceId, @event, Apply, cancellationToken);
    }

    public Task HandleAsync(PromotionalCodeHeld @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UsesLeftAsync(@event, @event.UsesLeft, cancellationToken);
    }

    /// <summary>Changes nothing but the version: the next event of the code must not wait for it.</summary>
    public Task HandleAsync(PromotionalCodeHoldRefused @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return codes.UpdateAsync(@event.SourceId, @event, _ => true, cancellationToken);
    }

    public Task HandleAsync(PromotionalCodeReleased @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UsesLeftAsync(@event, @event.UsesLeft, cancellationToken);
    }

    public Task HandleAsync(PromotionalCodeRedeemed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return UsesLeftAsync(@event, @event.UsesLeft, cancellationToken);
    }

    private Task UsesLeftAsync(IVersionedEvent @event, int? usesLeft, CancellationToken cancellationToken) =>
        codes.UpdateAsync(@event.SourceId, @event, code =>
        {
            code.UsesLeft = usesLeft;
            return true;
        }, cancellationToken);
}
