namespace Payments;

public interface IPaymentRepository
{
    Task<ThirdPartyProcessorPayment?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Saves the payment, then publishes its recorded <see cref="ThirdPartyProcessorPayment.Events"/>.</summary>
    Task SaveAsync(ThirdPartyProcessorPayment payment, CancellationToken cancellationToken);
}
