using System.Diagnostics;
using Npgsql;
using Rebus.Activation;
using Rebus.Backoff;
using Rebus.Bus;
using Rebus.Config;
using Rebus.Routing.TypeBased;

namespace Infrastructure.Benchmarks;

/// <summary>
/// Rebus with its PostgreSQL transport on the same server: a one-way client sends to the queue
/// <c>bench</c> and publishes to the subscribers recorded in a centralised subscription table (one
/// queue, <c>bench-sub</c>); a consumer of <c>bench</c> with as many workers as clients counts the
/// messages it handles.
/// </summary>
public sealed class RebusPeer : IDisposable
{
    private const string Table = "rebus_messages";
    private const string Subscriptions = "rebus_subscriptions";
    private readonly string connectionString;
    private readonly IBus client;

    private RebusPeer(string connectionString, IBus client)
    {
        this.connectionString = connectionString;
        this.client = client;
    }

    public static async Task<RebusPeer> CreateAsync(string connectionString)
    {
        // The subscriber records itself once (centralised: straight into the table), then goes.
        using (var subscriberActivator = new BuiltinHandlerActivator())
        {
            var subscriber = Configure.With(subscriberActivator)
                .Logging(l => l.None())
                .Transport(t => t.UsePostgreSql(connectionString, Table, "bench-sub"))
                .Subscriptions(s => s.StoreInPostgres(connectionString, Subscriptions, isCentralized: true))
                .Options(o => o.SetNumberOfWorkers(0))
                .Start();
            await subscriber.Subscribe<Deposited>();
        }

        return new RebusPeer(connectionString, ConfigureClient(connectionString));
    }

    /// <summary>A one-way client routing <see cref="Deposited"/> to <c>bench</c> (also for counting its round trips through a proxy).</summary>
    public static IBus ConfigureClient(string connectionString) =>
        Configure.With(new BuiltinHandlerActivator())
            .Logging(l => l.None())
            .Transport(t => t.UsePostgreSqlAsOneWayClient(connectionString, Table))
            .Subscriptions(s => s.StoreInPostgres(connectionString, Subscriptions, isCentralized: true))
            .Routing(r => r.TypeBased().Map<Deposited>("bench"))
            .Start();

    public Task SendAsync() => client.Send(new Deposited(1));

    public Task PublishAsync() => client.Publish(new Deposited(1));

    /// <summary>
    /// Messages handled per second by a consumer of <c>bench</c> with <paramref name="clients"/> workers, from
    /// the first handled message until the queue is empty or <paramref name="duration"/> has passed.
    /// </summary>
    public async Task<double> HandleAsync(int clients, TimeSpan duration)
    {
        var queued = await CountAsync("bench");
        if (queued == 0)
        {
            return 0;
        }

        long handled = 0;
        var clock = Stopwatch.StartNew();
        var first = TimeSpan.Zero;
        var last = TimeSpan.Zero;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var activator = new BuiltinHandlerActivator();
        activator.Handle<Deposited>(_ =>
        {
            var now = clock.Elapsed;
            var count = Interlocked.Increment(ref handled);
            lock (done)
            {
                if (count == 1)
                {
                    first = now;
                }

                last = now > last ? now : last;
            }

            if (count >= queued || now - first >= duration)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var consumer = Configure.With(activator)
            .Logging(l => l.None())
            .Transport(t => t.UsePostgreSql(connectionString, Table, "bench"))
            .Options(o =>
            {
                o.SetNumberOfWorkers(clients);
                o.SetMaxParallelism(clients);

                // A worker whose handlers are all busy waits a back-off before it looks again; Rebus's
                // default (100 ms and up) held one worker to about 12 messages/s here, so 1 ms.
                o.SetBackoffTimes(TimeSpan.FromMilliseconds(1));
            })
            .Start();
        await done.Task.WaitAsync(duration * 3);
        consumer.Dispose();
        lock (done)
        {
            var count = Interlocked.Read(ref handled);
            return last > first ? (count - 1) / (last - first).TotalSeconds : 0;
        }
    }

    /// <summary>Empties both queues for the next round.</summary>
    public async Task PurgeAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand($"DELETE FROM {Table}", connection);
        await delete.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string queue)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {Table} WHERE recipient = @queue", connection);
        count.Parameters.AddWithValue("queue", queue);
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => client.Dispose();
}
