using Microsoft.EntityFrameworkCore;
using Payments.Database;

namespace Payments.ReadModel;

/// <summary>Reads payments straight from their table: Payments is CRUD, its write model is its read model.</summary>
public sealed class PaymentDao(IDbContextFactory<PaymentsDbContext> contexts) : IPaymentDao
{
    public async Task<ThirdPartyProcessorPaymentDetails?> FindThirdPartyProcessorPaymentDetailsAsync(Guid paymentId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Payments
            .AsNoTracking()
            .Where(p => p.Id == paymentId)
            .Select(p => new ThirdPartyProcessorPaymentDetails(p.Id, p.State, p.PaymentSourceId, p.Description, p.TotalAmount))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
