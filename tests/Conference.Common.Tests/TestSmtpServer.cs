using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Conference.Common.Tests;

/// <summary>What the server accepted: the envelope, who had authenticated, and the message as parsed.</summary>
public sealed record ReceivedEmail(IReadOnlyList<string> EnvelopeTo, string? AuthenticatedUser, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1, on a port the system picks, recording what
/// it accepts. No certificate, so no TLS: STARTTLS is not offered. The switches change how it answers.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly Channel<ReceivedEmail> received = Channel.CreateUnbounded<ReceivedEmail>();
    // Never disposed: it has no timer, and DisposeAsync may be called twice.
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;

    private TestSmtpServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>Answers RCPT TO with 550, as for an unknown mailbox.</summary>
    public bool RefuseRecipients { get; set; }

    /// <summary>When set, the answer to the message's data instead of 250.</summary>
    public SmtpResponse? StoreFailure { get; set; }

    /// <summary>The one user name and password accepted; AUTH is offered (in plain text, there is no TLS) and required.</summary>
    public (string User, string Password)? Account { get; private init; }

    /// <summary>Every AUTH attempt, in order.</summary>
    public ConcurrentQueue<(string User, string Password)> Authentications { get; } = new();

    public static Task<TestSmtpServer> StartAsync() => StartAsync(account: null);

    public static async Task<TestSmtpServer> StartAsync((string User, string Password)? account)
    {
        var server = new TestSmtpServer { Account = account };
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e
                .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                .AllowUnsecureAuthentication(account is not null)
                .AuthenticationRequired(account is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(server));
        services.Add(new Filter(server));
        services.Add(new DelegatingUserAuthenticator((user, password) =>
        {
            server.Authentications.Enqueue((user, password));
            return server.Account is { } expected && expected.User == user && expected.Password == password;
        }));

        server.running = new SmtpServer.SmtpServer(options, services).StartAsync(server.stop.Token);
        server.Port = await started.Task.WaitAsync(Deadline);
        return server;
    }

    /// <summary>The next message the server accepted, waiting for it up to a generous deadline.</summary>
    public async Task<ReceivedEmail> NextAsync() => await received.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

    /// <summary>The messages accepted so far and not yet taken (the server records one before it answers 250).</summary>
    public IReadOnlyList<ReceivedEmail> Pending()
    {
        var pending = new List<ReceivedEmail>();
        while (received.Reader.TryRead(out var email))
        {
            pending.Add(email);
        }

        return pending;
    }

    /// <summary>A loopback port with nothing listening on it: the system handed it out and it was closed again.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Stops listening; a second call does nothing (a spec may take the server down itself).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        try
        {
            await running.WaitAsync(Deadline);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Address(IMailbox mailbox) => $"{mailbox.User}@{mailbox.Host}";

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.StoreFailure is { } failure)
            {
                return failure;
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
            await server.received.Writer.WriteAsync(new ReceivedEmail([.. transaction.To.Select(Address)], user, message), cancellationToken);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer server) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!server.RefuseRecipients);
    }
}

/// <summary>Accepts TCP connections on 127.0.0.1 and never says a word: a mail server that hangs.</summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> accepted = [];
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task accepting;

    public SilentServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Completes once a client has connected.</summary>
    public Task Connected => connected.Task;

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        lock (accepted)
        {
            accepted.ForEach(s => s.Dispose());
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            var socket = await listener.AcceptSocketAsync();
            lock (accepted)
            {
                accepted.Add(socket);
            }

            connected.TrySetResult();
        }
    }
}
