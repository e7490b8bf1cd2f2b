using MimeKit;
using MimeKit.Text;

namespace Infrastructure.Email;

/// <summary>The one way an <see cref="EmailMessage"/> becomes a MIME message, whether it is sent over SMTP or written to the pickup folder.</summary>
internal static class MimeEmail
{
    public static MimeMessage Compose(EmailMessage message, string from, DateTimeOffset date)
    {
        var mime = new MimeMessage
        {
            MessageId = $"{message.Id}@conference",
            Date = date,
            Subject = message.Subject,
            Body = new TextPart(TextFormat.Plain) { Text = message.Body },
        };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        return mime;
    }
}
