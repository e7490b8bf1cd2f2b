using Infrastructure;
using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Registration.ReadModel.Implementation;

/// <summary>How the generators save and when they ask for a message to come back later.</summary>
internal static class ReadModelUpdates
{
    /// <summary>How long an event that came too early waits before it is offered again.</summary>
    public static readonly TimeSpan RetryEarlyEventAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>The transport abandons the message and offers it again after a short delay (SPEC 3.2).</summary>
    public static MessageDeferredException Defer(string reason) => new(reason, RetryEarlyEventAfter);

    /// <summary>
    /// Saves, turning a lost race with another delivery of the same or a neighbouring event into a
    /// <see cref="ConcurrencyException"/>: the dispatcher then handles the event again from fresh data.
    /// <paramref name="changedConcurrently"/> tells, after a failed insert, whether someone else wrote the row meanwhile.
    /// </summary>
    public static async Task SaveAsync(DbContext context, string what, Func<CancellationToken, Task<bool>> changedConcurrently, CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyException($"{what} was changed by someone else.", ex);
        }
        catch (DbUpdateException ex)
        {
            // Provider-neutral: a duplicate key is recognised by looking again, not by the provider's error code.
            if (await changedConcurrently(cancellationToken))
            {
                throw new ConcurrencyException($"{what} was created or changed by someone else.", ex);
            }

            throw;
        }
    }
}
