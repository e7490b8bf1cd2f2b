namespace Payments.ReadModel;

public interface IPaymentDao
{
    Task<ThirdPartyProcessorPaymentDetails?> FindThirdPartyProcessorPaymentDetailsAsync(Guid paymentId, CancellationToken cancellationToken);
}
