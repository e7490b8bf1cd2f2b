using System.Threading.Channels;
using Infrastructure.Conformance;
using Infrastructure.Sql.Messaging;
using Npgsql;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// On PostgreSQL a send tells other processes with a NOTIFY, unless every subscription that takes what
/// it sent has a receiver in the sending process (woken in process already): a NOTIFY takes a
/// transaction id of its own, and would only send other processes after messages this one is taking.
/// </summary>
public sealed class PostgresNotificationSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly Channel<string> notifications = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource stopListening = new();
    private ITestDatabase database = null!;
    private SqlMessageTransport transport = null!;
    private NpgsqlConnection listener = null!;
    private Task listening = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        database = await PostgresTestDatabase.CreateAsync();
        transport = new SqlMessageTransport(database.Database);
        await transport.Topology.EnsureTopologyAsync(TestTopology.Value, default);

        // Another process's listener, as PostgresNotificationListener is one.
        listener = new NpgsqlConnection(database.Database.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => notifications.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresNotificationListener.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        listening = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await listener.WaitAsync(stopListening.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async Task DisposeAsync()
    {
        await stopListening.CancelAsync();
        await listening;
        stopListening.Dispose();
        if (database is null)
        {
            return;
        }

        await (listener?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (transport?.DisposeAsync() ?? ValueTask.CompletedTask);
        await database.DisposeAsync();
    }

    [SkippableFact]
    public async Task given_a_subscription_without_a_receiver_here_when_a_message_it_takes_is_sent_then_other_processes_are_notified_of_its_type()
    {
        await transport.CreateSender(TestTopology.Events).SendAsync([TestTopology.Message(typeName: "B")], default);

        var (topic, typeNames) = PostgresNotificationListener.ParsePayload(await notifications.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.Equal(TestTopology.Events, topic);
        Assert.Equal(["B"], typeNames);
    }

    [SkippableFact]
    public async Task given_every_subscription_that_takes_a_type_receives_here_when_it_is_sent_then_no_other_process_is_notified()
    {
        // "A" is taken by all, only-a and log; "B" also by not-a, which has no receiver here.
        foreach (var subscription in new[] { TestTopology.All, TestTopology.OnlyA, TestTopology.Log })
        {
            await transport.CreateReceiver(TestTopology.Events, subscription).ReceiveAsync(TimeSpan.Zero, default);
        }

        var sender = transport.CreateSender(TestTopology.Events);
        await sender.SendAsync([TestTopology.Message(typeName: "A")], default);
        await sender.SendAsync([TestTopology.Message(typeName: "B")], default);

        // The notifier is one loop in send order: had "A" been notified, it would come first or with "B".
        var (topic, typeNames) = PostgresNotificationListener.ParsePayload(await notifications.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.Equal(TestTopology.Events, topic);
        Assert.Equal(["B"], typeNames);
    }
}
