using System.Net.Sockets;
using Conference.Common.Settings;
using Infrastructure.BlobStorage;
using Infrastructure.Email;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Testing;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Registration.Contracts;
using Registration.Contracts.Events;
using Registration.ReadModel;
using Registration.ReadModel.Implementation;
using Registration.ReadModel.Notifications;
using SmtpServer.Protocol;

namespace Conference.Common.Tests;

/// <summary>The SMTP sender against a real SMTP server in this process.</summary>
public sealed class given_an_smtp_server : IAsyncLifetime
{
    private TestSmtpServer server = null!;

    public async Task InitializeAsync() => server = await TestSmtpServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    internal static SmtpEmailSender Sender(int port, bool useTls = false, string? user = null, string? password = null, TimeSpan? timeout = null) =>
        new(
            new SmtpEmailOptions
            {
                Host = "127.0.0.1",
                Port = port,
                UseTls = useTls,
                UserName = user,
                Password = password,
                From = "Conference <conference@example.org>",
                Timeout = timeout ?? TimeSpan.FromSeconds(10),
            },
            TimeProvider.System,
            NullLogger<SmtpEmailSender>.Instance);

    /// <summary>The email Conference Management sends on creating a conference, as it builds it.</summary>
    internal static EmailMessage AccessCodeEmail(Guid conferenceId) => new(
        $"conference-access-code-{conferenceId:N}",
        "owner@contoso.com",
        "Your access code for CQRS Summit",
        """
        Hello Olga Owner,

        Your conference "CQRS Summit" has been created.

        Access code: Q7RT2Z

        To manage it, open http://localhost/conferences/locate and enter your email address (owner@contoso.com) and this access code.
        Keep the code safe: anyone with it and your email address can change the conference.
        """);

    [Fact]
    public async Task when_the_access_code_email_is_sent_then_it_arrives_with_its_recipient_subject_body_and_message_id()
    {
        var conferenceId = Guid.NewGuid();
        var email = AccessCodeEmail(conferenceId);

        await Sender(server.Port).SendAsync(email, default);

        var received = await server.NextAsync();
        Assert.Equal(["owner@contoso.com"], received.EnvelopeTo);
        Assert.Equal("owner@contoso.com", Assert.Single(received.Message.To.Mailboxes).Address);
        Assert.Equal("conference@example.org", Assert.Single(received.Message.From.Mailboxes).Address);
        Assert.Equal("Your access code for CQRS Summit", received.Message.Subject);
        Assert.Equal($"<conference-access-code-{conferenceId:N}@conference>", received.Message.Headers[HeaderId.MessageId]);
        var body = Assert.IsType<TextPart>(received.Message.Body);
        Assert.Equal("text/plain", body.ContentType.MimeType);
        Assert.Equal(email.Body.ReplaceLineEndings("\n"), body.Text.ReplaceLineEndings("\n").TrimEnd('\n'));
    }

    [Fact]
    public async Task when_the_same_email_is_sent_again_then_the_server_sees_the_same_message_id()
    {
        var email = AccessCodeEmail(Guid.NewGuid());

        await Sender(server.Port).SendAsync(email, default);
        await Sender(server.Port).SendAsync(email, default);

        var first = await server.NextAsync();
        var second = await server.NextAsync();
        Assert.Equal($"{email.Id}@conference", first.Message.MessageId);
        Assert.Equal(first.Message.MessageId, second.Message.MessageId);
    }

    [Fact]
    public async Task when_the_server_refuses_the_recipient_then_send_throws_and_nothing_arrives()
    {
        server.RefuseRecipients = true;

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => Sender(server.Port).SendAsync(AccessCodeEmail(Guid.NewGuid()), default));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Empty(server.Pending());
    }

    [Fact]
    public async Task when_the_server_fails_to_store_the_message_then_send_throws()
    {
        server.StoreFailure = new SmtpServer.Protocol.SmtpResponse(SmtpReplyCode.InsufficientStorage, "Mailbox store is full");

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => Sender(server.Port).SendAsync(AccessCodeEmail(Guid.NewGuid()), default));

        Assert.Equal(SmtpErrorCode.MessageNotAccepted, refused.ErrorCode);
        Assert.Empty(server.Pending());
    }

    [Fact]
    public async Task when_tls_is_required_and_the_server_offers_no_starttls_then_send_throws_instead_of_sending_in_plain_text()
    {
        // MailKit's word for "the server does not offer STARTTLS".
        await Assert.ThrowsAsync<NotSupportedException>(() => Sender(server.Port, useTls: true).SendAsync(AccessCodeEmail(Guid.NewGuid()), default));

        Assert.Empty(server.Pending());
    }
}

/// <summary>The SMTP sender against a server that requires AUTH (offered without TLS: there are no certificates here).</summary>
public sealed class given_an_smtp_server_that_requires_authentication : IAsyncLifetime
{
    private TestSmtpServer server = null!;

    public async Task InitializeAsync() => server = await TestSmtpServer.StartAsync(("conference-mailer", "s3cret-pass"));

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task when_sending_with_the_user_name_and_password_then_the_server_authenticates_that_user_and_accepts_the_email()
    {
        await given_an_smtp_server.Sender(server.Port, user: "conference-mailer", password: "s3cret-pass").SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), default);

        var received = await server.NextAsync();
        Assert.Equal("conference-mailer", received.AuthenticatedUser);
        Assert.Equal(("conference-mailer", "s3cret-pass"), Assert.Single(server.Authentications));
    }

    [Fact]
    public async Task when_sending_without_a_user_name_then_the_server_refuses_the_email()
    {
        await Assert.ThrowsAsync<ServiceNotAuthenticatedException>(() => given_an_smtp_server.Sender(server.Port).SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), default));

        Assert.Empty(server.Authentications);
        Assert.Empty(server.Pending());
    }

    [Fact]
    public async Task when_the_password_is_wrong_then_send_throws_and_nothing_arrives()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => given_an_smtp_server.Sender(server.Port, user: "conference-mailer", password: "wrong").SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), default));

        Assert.NotEmpty(server.Authentications);
        Assert.Empty(server.Pending());
    }
}

/// <summary>The SMTP sender when there is no usable server: it fails, within its timeout, and never hangs.</summary>
public sealed class given_no_usable_smtp_server
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task given_nothing_listens_on_the_port_when_an_email_is_sent_then_send_throws_promptly()
    {
        var send = given_an_smtp_server.Sender(TestSmtpServer.FreePort(), timeout: TimeSpan.FromSeconds(5)).SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), default);

        await Task.WhenAny(send, Task.Delay(Deadline));

        Assert.True(send.IsCompleted, "The send to a closed port is still running.");
        await Assert.ThrowsAsync<SocketException>(() => send);
    }

    [Fact]
    public async Task given_a_server_that_accepts_the_connection_and_never_answers_when_an_email_is_sent_then_send_fails_after_the_timeout()
    {
        await using var silent = new SilentServer();
        var send = given_an_smtp_server.Sender(silent.Port, timeout: TimeSpan.FromSeconds(1)).SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), default);

        await Task.WhenAny(send, Task.Delay(Deadline));

        Assert.True(send.IsCompleted, "The send to a silent server is still waiting for its greeting.");
        // A timeout, not a cancellation: the admin site takes a cancellation for the request going away, not for a failed email.
        await Assert.ThrowsAsync<TimeoutException>(() => send);
    }

    [Fact]
    public async Task given_a_server_that_never_answers_when_the_caller_cancels_then_send_stops_with_a_cancellation()
    {
        await using var silent = new SilentServer();
        using var cancellation = new CancellationTokenSource();
        var send = given_an_smtp_server.Sender(silent.Port, timeout: TimeSpan.FromMinutes(5)).SendAsync(given_an_smtp_server.AccessCodeEmail(Guid.NewGuid()), cancellation.Token);
        await silent.Connected.WaitAsync(Deadline);

        await cancellation.CancelAsync();
        await Task.WhenAny(send, Task.Delay(Deadline));

        Assert.True(send.IsCompleted, "The cancelled send is still waiting for its greeting.");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
    }
}

/// <summary>
/// The confirmation mailer end to end on SMTP: a real SQLite read model and blob storage, the sender as
/// <see cref="EmailServiceCollectionExtensions.AddConferenceEmail"/> composes it, a real SMTP server.
/// </summary>
public sealed class given_the_order_confirmation_mailer_on_smtp : IAsyncLifetime
{
    private const string AccessCode = "H4XW9N";
    private readonly Guid orderId = Guid.NewGuid();
    private readonly Guid fullPass = Guid.NewGuid();
    private SqliteTestDatabase database = null!;
    private ServiceProvider services = null!;
    private TestSmtpServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestSmtpServer.StartAsync();
        database = await SqliteTestDatabase.CreateAsync();
        await SqlMigrations.MigrateAsync<ConferenceRegistrationDbContext>(
            database.Database, ConferenceRegistrationDbContext.MigrationsHistoryTable, o => new ConferenceRegistrationDbContext(o), default);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IBlobStorage>(new SqlBlobStorage(database.Database, TimeProvider.System));
        collection.AddRegistrationReadModel(o => database.Database.Configure(o, ConferenceRegistrationDbContext.MigrationsHistoryTable));
        collection.AddConferenceEmail(new EmailOptions
        {
            Delivery = EmailDelivery.Smtp,
            From = "conference@example.org",
            SmtpHost = "127.0.0.1",
            SmtpPort = server.Port,
            SmtpUseTls = false,
        });
        services = collection.BuildServiceProvider();
        await GivenConfirmedOrderAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await database.DisposeAsync();
        await server.DisposeAsync();
    }

    private OrderConfirmationMailer Mailer() => new(
        services.GetRequiredService<IOrderDao>(),
        services.GetRequiredService<IBlobStorage>(),
        services.GetRequiredService<IEmailSender>(),
        NullLogger<OrderConfirmationMailer>.Instance);

    private OrderConfirmed Confirmed => new() { SourceId = orderId, Version = 4 };

    private async Task<bool> MarkedSentAsync() => await services.GetRequiredService<IBlobStorage>().FindAsync(OrderConfirmationMailer.SentMarkerId(orderId), default) is not null;

    private async Task GivenConfirmedOrderAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var drafts = scope.ServiceProvider.GetRequiredService<OrderViewModelGenerator>();
        var priced = scope.ServiceProvider.GetRequiredService<PricedOrderViewModelGenerator>();
        var placed = new OrderPlaced(Guid.NewGuid(), [new SeatQuantity(fullPass, 2)], DateTimeOffset.UtcNow.AddMinutes(15), AccessCode) { SourceId = orderId, Version = 1 };
        await drafts.HandleAsync(placed, default);
        await priced.HandleAsync(placed, default);
        await priced.HandleAsync(new OrderTotalsCalculated(998m, [new OrderLine(fullPass, "Full pass", 499m, 2, 998m)], false) { SourceId = orderId, Version = 2 }, default);
        await drafts.HandleAsync(new OrderRegistrantAssigned("Rita", "Registrant", "rita@example.com") { SourceId = orderId, Version = 3 }, default);
        await drafts.HandleAsync(Confirmed, default);
        await priced.HandleAsync(Confirmed, default);
    }

    [Fact]
    public void when_composed_for_smtp_then_the_sender_is_the_smtp_one() =>
        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailSender>());

    [Fact]
    public async Task when_the_order_is_confirmed_then_the_registrant_receives_the_access_code_and_the_email_is_marked_sent()
    {
        await Mailer().HandleAsync(Confirmed, default);

        var received = await server.NextAsync();
        Assert.Equal(["rita@example.com"], received.EnvelopeTo);
        Assert.Equal("rita@example.com", Assert.Single(received.Message.To.Mailboxes).Address);
        Assert.Equal("Your registration is confirmed", received.Message.Subject);
        Assert.Equal($"<order-confirmed-{orderId:N}@conference>", received.Message.Headers[HeaderId.MessageId]);
        Assert.Contains($"Your access code: {AccessCode}", received.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("2 x Full pass: $998.00", received.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Total: $998.00", received.Message.TextBody, StringComparison.Ordinal);
        Assert.True(await MarkedSentAsync());
    }

    [Fact]
    public async Task when_the_server_refuses_the_email_then_the_mailer_throws_marks_nothing_sent_and_the_redelivery_sends_it()
    {
        server.RefuseRecipients = true;

        await Assert.ThrowsAsync<SmtpCommandException>(() => Mailer().HandleAsync(Confirmed, default));

        Assert.False(await MarkedSentAsync(), "A refused email is marked as sent, so the redelivery would skip it.");
        Assert.Empty(server.Pending());

        // The server takes mail again; the redelivered OrderConfirmed sends the same email, and once.
        server.RefuseRecipients = false;
        await Mailer().HandleAsync(Confirmed, default);
        await Mailer().HandleAsync(Confirmed, default);

        var received = await server.NextAsync();
        Assert.Equal(["rita@example.com"], received.EnvelopeTo);
        Assert.Equal($"order-confirmed-{orderId:N}@conference", received.Message.MessageId);
        Assert.True(await MarkedSentAsync());
        Assert.Empty(server.Pending());
    }

    [Fact]
    public async Task when_the_server_is_down_then_the_mailer_throws_and_marks_nothing_sent()
    {
        await server.DisposeAsync();

        await Assert.ThrowsAsync<SocketException>(() => Mailer().HandleAsync(Confirmed, default));

        Assert.False(await MarkedSentAsync());
    }
}
