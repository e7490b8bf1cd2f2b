namespace Infrastructure.Email;

/// <summary>Sends the emails of the product (access codes to registrants and business customers).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
