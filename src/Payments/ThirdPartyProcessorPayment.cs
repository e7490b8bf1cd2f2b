using Infrastructure;
using Infrastructure.Messaging;
using Payments.Contracts.Events;

namespace Payments;

/// <summary>
/// A payment made through a third-party processor (stored as a row, not event sourced). It records
/// the events of its changes in <see cref="Events"/>; the repository publishes them after saving.
/// </summary>
public sealed class ThirdPartyProcessorPayment
{
    private readonly List<IEvent> events = [];

    public ThirdPartyProcessorPayment(Guid id, Guid paymentSourceId, Guid conferenceId, string description, decimal totalAmount, IEnumerable<ThirdPartyProcessorPaymentItem> items)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(items);
        if (totalAmount < 0)
        {
            throw new BusinessRuleViolationException($"A payment cannot be of a negative amount (got {totalAmount}).");
        }

        Id = id;
        PaymentSourceId = paymentSourceId;
        ConferenceId = conferenceId;
        Description = description;
        TotalAmount = totalAmount;
        Items = [.. items];
        State = PaymentState.Initiated;
        events.Add(new PaymentInitiated(Id, PaymentSourceId));
    }

    // For the persistence mapping.
    private ThirdPartyProcessorPayment()
    {
        Description = string.Empty;
        Items = [];
    }

    public Guid Id { get; private set; }

    /// <summary>What is paid for: the order id.</summary>
    public Guid PaymentSourceId { get; private set; }

    public Guid ConferenceId { get; private set; }

    public string Description { get; private set; }

    public decimal TotalAmount { get; private set; }

    public PaymentState State { get; private set; }

    public ICollection<ThirdPartyProcessorPaymentItem> Items { get; private set; }

    /// <summary>Events of the changes made since this instance was created or loaded.</summary>
    public IReadOnlyList<IEvent> Events => events;

    /// <summary>Called once the events are safely stored with the payment.</summary>
    public void ClearEvents() => events.Clear();

    /// <summary>The processor accepted the payment; completing it again changes nothing.</summary>
    public void Complete()
    {
        if (State == PaymentState.Completed)
        {
            return;
        }

        EnsureInitiated();
        State = PaymentState.Completed;
        events.Add(new PaymentCompleted(Id, PaymentSourceId));
    }

    /// <summary>The payer cancelled or the processor refused; cancelling again changes nothing.</summary>
    public void Cancel()
    {
        if (State == PaymentState.Rejected)
        {
            return;
        }

        EnsureInitiated();
        State = PaymentState.Rejected;
        events.Add(new PaymentRejected(Id, PaymentSourceId));
    }

    private void EnsureInitiated()
    {
        if (State != PaymentState.Initiated)
        {
            throw new BusinessRuleViolationException($"Payment {Id} is already {State}.");
        }
    }
}
