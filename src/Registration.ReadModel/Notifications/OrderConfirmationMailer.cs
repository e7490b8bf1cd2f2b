using System.Globalization;
using System.Text;
using Infrastructure.BlobStorage;
using Infrastructure.Email;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;
using Registration.Contracts.Events;
using Registration.ReadModel;

namespace Registration.ReadModel.Notifications;

/// <summary>
/// Emails the registrant the order's access code once the order is confirmed. The address and the code
/// come from the draft order read model; while it lags (no registrant yet) the handler throws, so the
/// message is offered again. A delivered email is recorded in blob storage, so a redelivered
/// OrderConfirmed does not send it twice (the pickup folder would also just overwrite the same file).
/// </summary>
public sealed partial class OrderConfirmationMailer(
    IOrderDao orders,
    IBlobStorage blobs,
    IEmailSender email,
    ILogger<OrderConfirmationMailer> logger) : IEventHandler<OrderConfirmed>
{
    public static string SentMarkerId(Guid orderId) => $"mail/order-confirmed/{orderId:N}";

    public async Task HandleAsync(OrderConfirmed @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var marker = SentMarkerId(@event.SourceId);
        if (await blobs.FindAsync(marker, cancellationToken) is not null)
        {
            LogAlreadySent(logger, @event.SourceId);
            return;
        }

        var order = await orders.FindDraftOrderAsync(@event.SourceId, cancellationToken);
        if (order?.RegistrantEmail is not { Length: > 0 } to)
        {
            throw new InvalidOperationException($"Order {@event.SourceId} has no registrant in the read model yet; the confirmation email waits for it.");
        }

        var priced = await orders.FindPricedOrderAsync(@event.SourceId, cancellationToken);
        await email.SendAsync(new EmailMessage($"order-confirmed-{@event.SourceId:N}", to, "Your registration is confirmed", Body(order, priced)), cancellationToken);
        await blobs.SaveAsync(marker, "text/plain", Encoding.UTF8.GetBytes(to), cancellationToken);
        LogSent(logger, @event.SourceId);
    }

    private static string Body(DraftOrder order, PricedOrder? priced)
    {
        var culture = CultureInfo.InvariantCulture;
        var body = new StringBuilder()
            .AppendLine("Thank you for registering.")
            .AppendLine()
            .AppendLine(culture, $"Your access code: {order.AccessCode}")
            .AppendLine()
            .AppendLine("With your email address and this access code you can find your order on the conference site and assign attendees to your seats.");
        if (priced is not null)
        {
            body.AppendLine();
            foreach (var line in priced.Lines)
            {
                body.AppendLine(culture, $"{line.Quantity} x {line.Description}: {Dollars(line.LineTotal)}");
            }

            body.AppendLine(culture, $"Total: {Dollars(priced.Total)}");
        }

        return body.ToString();
    }

    private static string Dollars(decimal amount) => "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Confirmation email of order {OrderId} sent")]
    private static partial void LogSent(ILogger logger, Guid orderId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Confirmation email of order {OrderId} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, Guid orderId);
}
