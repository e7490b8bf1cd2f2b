using System.Globalization;
using System.Text;
using Infrastructure.BlobStorage;
using Infrastructure.Email;
using Infrastructure.Messaging;
using Microsoft.Extensions.Logging;
using WaitingList.Contracts.Events;
using WaitingList.ReadModel;

namespace WaitingList.Notifications;

/// <summary>
/// Emails the registrant their place in line with the link to leave the list, and each offer with the
/// link that opens its order. The place comes from the read model; while it lags the handler throws, so
/// the event is offered again. A sent email is recorded in blob storage, so a redelivered event does not
/// send it twice; an event delivered after a crash between the offer and its email still sends it.
/// </summary>
public sealed partial class WaitingListMailer(
    IWaitingListDao waitingLists,
    IBlobStorage blobs,
    IEmailSender email,
    WaitingListOptions options,
    ILogger<WaitingListMailer> logger) :
    IEventHandler<WaitingListJoined>,
    IEventHandler<WaitingListOfferMade>
{
    /// <summary>The registrant's page of an entry: their place and the button to leave.</summary>
    public static string EntryPath(Guid entryId) => $"/waiting-list/entries/{entryId:N}";

    /// <summary>The registrant's page of an offer: the button that opens the order, and the one to decline.</summary>
    public static string OfferPath(Guid offerId) => $"/waiting-list/offers/{offerId:N}";

    public async Task HandleAsync(WaitingListJoined @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var entry = await waitingLists.FindEntryAsync(@event.EntryId, cancellationToken)
            ?? throw new InvalidOperationException($"Waiting-list entry {@event.EntryId} is not in the read model yet; its email waits for it.");
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {entry.Name},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"You are on the waiting list for {entry.Seats} seat(s){(entry.Place is { } place ? $", number {place} in line" : string.Empty)}.")
            .AppendLine("When seats come back we hold them for you and email you a link to register.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Your place, or to leave the waiting list: {Link(EntryPath(entry.EntryId))}")
            .ToString();
        await SendOnceAsync($"waiting-list-joined-{@event.EntryId:N}", entry.Email, "You are on the waiting list", body, cancellationToken);
    }

    public async Task HandleAsync(WaitingListOfferMade @event, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var entry = await waitingLists.FindEntryAsync(@event.EntryId, cancellationToken)
            ?? throw new InvalidOperationException($"Waiting-list entry {@event.EntryId} is not in the read model yet; the offer email waits for it.");
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Hello {entry.Name},")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{@event.Seats} seat(s) are held for you until {@event.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.")
            .AppendLine(CultureInfo.InvariantCulture, $"Register with them, or decline them: {Link(OfferPath(@event.OfferId))}")
            .AppendLine()
            .AppendLine("After that time they go to the next registrant in line.")
            .ToString();
        await SendOnceAsync($"waiting-list-offer-{@event.OfferId:N}", entry.Email, "Seats are held for you", body, cancellationToken);
    }

    private string Link(string path) => options.PublicSiteUrl.TrimEnd('/') + path;

    private async Task SendOnceAsync(string id, string to, string subject, string body, CancellationToken cancellationToken)
    {
        var marker = $"mail/{id}";
        if (await blobs.FindAsync(marker, cancellationToken) is not null)
        {
            LogAlreadySent(logger, id);
            return;
        }

        await email.SendAsync(new EmailMessage(id, to, subject, body), cancellationToken);
        await blobs.SaveAsync(marker, "text/plain", Encoding.UTF8.GetBytes(to), cancellationToken);
        LogSent(logger, id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting-list email {EmailId} sent")]
    private static partial void LogSent(ILogger logger, string emailId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting-list email {EmailId} was already sent")]
    private static partial void LogAlreadySent(ILogger logger, string emailId);
}
