using Azure.Messaging.ServiceBus.Administration;
using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;

namespace Infrastructure.Azure.Tests;

/// <summary>
/// The transport conformance suite on a live namespace, whose connection string (with the Manage
/// right) is in <c>CONFERENCE_TEST_SERVICEBUS</c>; without it every test is reported skipped. Each
/// test gets topics of its own under a fresh path prefix and deletes them afterwards.
/// </summary>
public sealed class ServiceBusTransportConformance : TransportConformance
{
    public const string ConnectionStringVariable = "CONFERENCE_TEST_SERVICEBUS";

    private static readonly string? ConnectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);

    private readonly string prefix = $"conformance/{Guid.NewGuid():N}/";
    private readonly List<ServiceBusMessageTransport> transports = [];

    /// <summary>The shared test topology raised to what Service Bus accepts: locks of 5 s at least, duplicate windows of 20 s at least.</summary>
    protected override MessagingTopology Topology { get; } = new(TestTopology.Value.Topics
        .Select(t => t with
        {
            DuplicateDetectionHistoryTimeWindow = Max(t.DuplicateDetectionHistoryTimeWindow, TimeSpan.FromSeconds(20)),
            Subscriptions = t.Subscriptions.Select(s => s with { LockDuration = Max(s.LockDuration, TimeSpan.FromSeconds(5)) }).ToList(),
        })
        .ToList());

    public override Task InitializeAsync()
    {
        Skip.If(string.IsNullOrWhiteSpace(ConnectionString), $"{ConnectionStringVariable} is not set: there is no Service Bus namespace to run the transport conformance suite against.");
        return base.InitializeAsync();
    }

    protected override Task<IMessageTransport> CreateTransportAsync() => Task.FromResult(CreatePeerTransport());

    protected override IMessageTransport CreatePeerTransport()
    {
        var transport = ServiceBusMessageTransport.Create(new ServiceBusTransportOptions
        {
            ConnectionString = ConnectionString,
            EntityPathPrefix = prefix,

            // The suite plays receivers that die holding a lock inside one process; renewal would keep them alive.
            MaxAutoLockRenewalDuration = TimeSpan.Zero,
        });
        transports.Add(transport);
        return transport;
    }

    public override async Task DisposeAsync()
    {
        foreach (var transport in transports)
        {
            await transport.DisposeAsync();
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return;
        }

        var admin = new ServiceBusAdministrationClient(ConnectionString);
        await foreach (var topic in admin.GetTopicsAsync())
        {
            if (topic.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                await admin.DeleteTopicAsync(topic.Name);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
