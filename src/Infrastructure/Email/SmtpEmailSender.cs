using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Email;

/// <summary>Where and as whom <see cref="SmtpEmailSender"/> sends.</summary>
public sealed record SmtpEmailOptions
{
    /// <summary>The port of implicit TLS ("submissions"): there TLS starts on connect instead of through STARTTLS.</summary>
    public const int ImplicitTlsPort = 465;

    public required string Host { get; init; }

    public int Port { get; init; } = 587;

    /// <summary>STARTTLS is required (or TLS on connect on <see cref="ImplicitTlsPort"/>); false sends in plain text.</summary>
    public bool UseTls { get; init; } = true;

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public required string From { get; init; }

    /// <summary>Bounds connecting and each command, so a server that never answers fails the send instead of holding it.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Sends through an SMTP server with MailKit: one connection per message, plain text. Every failure
/// (unreachable, refused, authentication) is thrown, so the caller retries or reports it; the
/// Message-ID comes from <see cref="EmailMessage.Id"/>, so a retried send is recognisably the same email.
/// </summary>
public sealed partial class SmtpEmailSender(SmtpEmailOptions options, TimeProvider clock, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = MimeEmail.Compose(message, options.From, clock.GetUtcNow());
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(options.Host, options.Port, SocketOptions(), cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName))
        {
            await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        LogSent(logger, message.Id, options.Host, options.Port);
        await QuitAsync(client, message.Id, cancellationToken);
    }

    // StartTls rather than StartTlsWhenAvailable: with "when available", a server (or anyone between)
    // that leaves STARTTLS out of its capabilities gets the password and the access code in plain text.
    private SecureSocketOptions SocketOptions() =>
        !options.UseTls ? SecureSocketOptions.None
        : options.Port == SmtpEmailOptions.ImplicitTlsPort ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;

    // The server has accepted the message by now: a failed or cancelled QUIT must not make the caller send it again.
    private async Task QuitAsync(SmtpClient client, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ProtocolException or CommandException or OperationCanceledException)
        {
            LogQuitFailed(logger, ex, messageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Email {MessageId} accepted by {Host}:{Port}")]
    private static partial void LogSent(ILogger logger, string messageId, string host, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Email {MessageId} was accepted, but the SMTP session did not close cleanly")]
    private static partial void LogQuitFailed(ILogger logger, Exception exception, string messageId);
}
