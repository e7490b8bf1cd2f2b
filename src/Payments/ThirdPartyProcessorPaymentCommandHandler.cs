using Infrastructure;
using Infrastructure.Messaging;
using Payments.Contracts.Commands;

namespace Payments;

public sealed class ThirdPartyProcessorPaymentCommandHandler(IPaymentRepository repository) :
    ICommandHandler<InitiateThirdPartyProcessorPayment>,
    ICommandHandler<CompleteThirdPartyProcessorPayment>,
    ICommandHandler<CancelThirdPartyProcessorPayment>
{
    public async Task HandleAsync(InitiateThirdPartyProcessorPayment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);

        // Redelivered command: the payment was already started.
        if (await repository.FindAsync(command.PaymentId, cancellationToken) is not null)
        {
            return;
        }

        var items = command.Items.Select(i => new ThirdPartyProcessorPaymentItem(i.Description, i.Amount));
        var payment = new ThirdPartyProcessorPayment(command.PaymentId, command.PaymentSourceId, command.ConferenceId, command.Description, command.TotalAmount, items);
        await repository.SaveAsync(payment, cancellationToken);
    }

    public async Task HandleAsync(CompleteThirdPartyProcessorPayment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var payment = await GetAsync(command.PaymentId, cancellationToken);
        payment.Complete();
        await repository.SaveAsync(payment, cancellationToken);
    }

    public async Task HandleAsync(CancelThirdPartyProcessorPayment command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var payment = await GetAsync(command.PaymentId, cancellationToken);
        payment.Cancel();
        await repository.SaveAsync(payment, cancellationToken);
    }

    private async Task<ThirdPartyProcessorPayment> GetAsync(Guid paymentId, CancellationToken cancellationToken) =>
        await repository.FindAsync(paymentId, cancellationToken)
        ?? throw new EntityNotFoundException(paymentId, nameof(ThirdPartyProcessorPayment));
}
