using Infrastructure;
using Infrastructure.Sql.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Payments.Database;

/// <summary>
/// Saves a payment and its events in one transaction, then publishes the events (outbox), so a crash
/// between the two loses nothing: loading the payment again, or the outbox sweeper, sends them.
/// One instance per unit of work (it owns a DbContext).
/// </summary>
public sealed class PaymentRepository(PaymentsDbContext context, EventOutbox outbox) : IPaymentRepository, IAsyncDisposable
{
    private const string ConcurrencyVersion = "ConcurrencyVersion";

    public async Task<ThirdPartyProcessorPayment?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var payment = await context.Payments.Include(p => p.Items).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is not null)
        {
            await outbox.PublishAsync(context, id, cancellationToken);
        }

        return payment;
    }

    public async Task SaveAsync(ThirdPartyProcessorPayment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var entry = context.Entry(payment);
        var loadedVersion = 0;
        if (entry.State == EntityState.Detached)
        {
            context.Payments.Add(payment);
        }
        else
        {
            loadedVersion = entry.Property<int>(ConcurrencyVersion).OriginalValue;
        }

        // The version counts the payment's events (and still moves on when there are none, for the
        // concurrency check), so its outbox rows are numbered in order across saves.
        entry.Property<int>(ConcurrencyVersion).CurrentValue = loadedVersion + Math.Max(1, payment.Events.Count);
        outbox.Add(context, payment.Id, loadedVersion + 1, payment.Events);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyException($"Payment {payment.Id} was changed by someone else.", ex);
        }
        catch (DbUpdateException ex) when (entry.State == EntityState.Added)
        {
            context.ChangeTracker.Clear();
            if (await context.Payments.AsNoTracking().AnyAsync(p => p.Id == payment.Id, cancellationToken))
            {
                // Two deliveries of the same initiation raced: the retry finds the payment and stops.
                throw new ConcurrencyException($"Payment {payment.Id} was created by someone else.", ex);
            }

            throw;
        }

        payment.ClearEvents();
        await outbox.PublishAsync(context, payment.Id, cancellationToken);
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();
}
