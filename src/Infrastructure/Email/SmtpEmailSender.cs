using System.Net;
using System.Net.Mail;

namespace Infrastructure.Email;

/// <summary>Where and as whom <see cref="SmtpEmailSender"/> sends.</summary>
public sealed record SmtpEmailOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    public bool UseTls { get; init; } = true;

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public required string From { get; init; }
}

/// <summary>Sends through an SMTP server (System.Net.Mail: enough for plain-text notifications).</summary>
public sealed class SmtpEmailSender(SmtpEmailOptions options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var client = new SmtpClient(options.Host, options.Port) { EnableSsl = options.UseTls };
        if (!string.IsNullOrEmpty(options.UserName))
        {
            client.Credentials = new NetworkCredential(options.UserName, options.Password);
        }

        using var mail = new MailMessage(options.From, message.To, message.Subject, message.Body);
        mail.Headers.Add("Message-ID", $"<{message.Id}@conference>");
        await client.SendMailAsync(mail, cancellationToken);
    }
}
