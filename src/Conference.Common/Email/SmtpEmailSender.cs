using System.Net;
using System.Net.Mail;
using Conference.Common.Settings;

namespace Conference.Common.Email;

/// <summary>Sends through an SMTP server (System.Net.Mail: enough for plain-text notifications).</summary>
public sealed class SmtpEmailSender(EmailSettings settings) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.SmtpUseTls };
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            client.Credentials = new NetworkCredential(settings.SmtpUserName, settings.SmtpPassword);
        }

        using var mail = new MailMessage(settings.From, message.To, message.Subject, message.Body);
        mail.Headers.Add("Message-ID", $"<{message.Id}@conference>");
        await client.SendMailAsync(mail, cancellationToken);
    }
}
