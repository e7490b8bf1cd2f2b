using System.Collections.Concurrent;
using System.Globalization;
using Benchmarks.Support;
using Infrastructure.Benchmarks;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.Messaging;
using JasperFx.Events;

// Throughput of the event store and the SQL transport, next to what the same database does with
// plain one-row INSERT transactions in the same run, since machines differ; on PostgreSQL also its
// peers on the same server (Marten's event store, Rebus's PostgreSQL transport), fsync off and on,
// in alternating rounds. Usage:
//   dotnet run -c Release --project benchmarks/Infrastructure.Benchmarks [seconds-per-measure] [rounds]
// PostgreSQL is measured when CONFERENCE_TEST_POSTGRES holds an admin connection string
// (benchmarks/run.sh starts a throwaway server and sets it).
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var duration = TimeSpan.FromSeconds(seconds);
int[] clientCounts = [1, 8];
Console.WriteLine($"{Environment.ProcessorCount} cores, {seconds:0.#} s per measure, {rounds} round(s) on PostgreSQL, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");

await using (var target = BenchmarkDatabase.Sqlite("conference-bench"))
{
    var ours = await Ours.CreateAsync(target.Database);
    Console.WriteLine();
    Console.WriteLine(target.Label);
    Console.WriteLine($"  {"measure",-52} {"clients",7} {"ops/s",10} {"vs raw",8}");
    foreach (var clients in clientCounts)
    {
        var raw = await RawCommitRate.MeasureAsync(target.Database, clients, duration);
        Report("raw one-row INSERT transaction", clients, raw, raw);
        Report("event store append (event + unpublished copy)", clients, await Throughput.MeasureAsync(clients, duration, ours.StartStreamAsync), raw);
        Report("transport send (dedupe record + message)", clients, await Throughput.MeasureAsync(clients, duration, ours.SendAsync), raw);
        Report("transport receive + complete (peek-lock)", clients, await Throughput.MeasureAsync(clients, duration, ours.ReceiveAsync), raw);
        await ours.DrainAsync();
    }
}

if (BenchmarkDatabase.PostgresAdmin is not { } admin)
{
    Console.WriteLine("(PostgreSQL skipped: set CONFERENCE_TEST_POSTGRES or use benchmarks/run.sh)");
    return;
}

await using (var target = await BenchmarkDatabase.PostgresAsync(admin, "conference_bench"))
{
    var connectionString = target.Database.ConnectionString;
    var ours = await Ours.CreateAsync(target.Database);
    using var rich = await MartenPeer.CreateAsync(connectionString, EventAppendMode.Rich);
    using var quick = await MartenPeer.CreateAsync(connectionString, EventAppendMode.Quick);
    using var rebus = await RebusPeer.CreateAsync(connectionString);

    Console.WriteLine();
    Console.WriteLine("PostgreSQL: round trips per operation (one client, 200 after 200 to warm up, through a counting relay)");
    using (var proxy = new RoundTripProxy(connectionString))
    {
        var proxied = await Ours.CreateAsync(new SqlDatabase(SqlProvider.Postgres, proxy.ConnectionString));
        using var proxiedRich = await MartenPeer.CreateAsync(proxy.ConnectionString, EventAppendMode.Rich);
        using var proxiedQuick = await MartenPeer.CreateAsync(proxy.ConnectionString, EventAppendMode.Quick);
        using var proxiedRebus = RebusPeer.ConfigureClient(proxy.ConnectionString);
        (string Measure, Func<Task> Operation)[] counted =
        [
            ("ours: event store append, new stream", proxied.StartStreamAsync),
            ("ours: event store append at expected version", proxied.AppendAsync),
            ("Marten Rich: StartStream", proxiedRich.StartStreamAsync),
            ("Marten Rich: Append at expected version", proxiedRich.AppendAsync),
            ("Marten Quick: StartStream", proxiedQuick.StartStreamAsync),
            ("Marten Quick: Append at expected version", proxiedQuick.AppendAsync),
            ("ours: transport send", proxied.SendAsync),
            ("ours: transport send, receiver elsewhere (+ NOTIFY)", proxied.SendElsewhereAsync),
            ("ours: transport receive + complete", proxied.ReceiveAsync),
            ("Rebus: send", () => proxiedRebus.Send(new Deposited(1))),
            ("Rebus: publish (one subscriber)", () => proxiedRebus.Publish(new Deposited(1))),
        ];
        foreach (var (measure, operation) in counted)
        {
            Console.WriteLine($"  {measure,-52} {await proxy.PerOperationAsync(200, operation),6:0.##}");
        }

        await proxied.DrainAsync();
        await rebus.PurgeAsync();
    }

    // Each peer's figure beside ours of the same round; rounds alternate the order of fsync off and on.
    var results = new Dictionary<(bool Fsync, int Clients, string Measure), List<(double Rate, double Raw, double? Ours)>>();
    void Add(bool fsync, int clients, string measure, double rate, double raw, double? oursRate)
    {
        if (!results.TryGetValue((fsync, clients, measure), out var list))
        {
            results[(fsync, clients, measure)] = list = [];
        }

        list.Add((rate, raw, oursRate));
        Console.WriteLine($"    {(fsync ? "on" : "off"),-4} {clients,2} {measure,-48} {rate,9:N0}/s  {rate / raw,7:P0} of raw{(oursRate is { } o ? $"  {rate / o,6:0.00}× ours" : string.Empty)}");
    }

    try
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var fsync in round % 2 == 0 ? new[] { false, true } : [true, false])
            {
                await Durability.SetAsync(admin, fsync);
                Console.WriteLine($"  round {round + 1}, fsync {(fsync ? "on" : "off")}");
                foreach (var clients in clientCounts)
                {
                    var raw = await RawCommitRate.MeasureAsync(target.Database, clients, duration);
                    Add(fsync, clients, "raw one-row INSERT transaction", raw, raw, null);

                    var start = await Throughput.MeasureAsync(clients, duration, ours.StartStreamAsync);
                    Add(fsync, clients, "ours: append, new stream", start, raw, null);
                    Add(fsync, clients, "Marten Rich: StartStream", await Throughput.MeasureAsync(clients, duration, rich.StartStreamAsync), raw, start);
                    Add(fsync, clients, "Marten Quick: StartStream", await Throughput.MeasureAsync(clients, duration, quick.StartStreamAsync), raw, start);

                    var append = await Throughput.MeasureAsync(clients, duration, ours.AppendAsync);
                    Add(fsync, clients, "ours: append at expected version", append, raw, null);
                    Add(fsync, clients, "Marten Rich: Append at expected version", await Throughput.MeasureAsync(clients, duration, rich.AppendAsync), raw, append);
                    Add(fsync, clients, "Marten Quick: Append at expected version", await Throughput.MeasureAsync(clients, duration, quick.AppendAsync), raw, append);

                    var sent = await Throughput.MeasureAsync(clients, duration, ours.SendAsync);
                    Add(fsync, clients, "ours: send", sent, raw, null);
                    Add(fsync, clients, "ours: send, receiver elsewhere (NOTIFY)", await Throughput.MeasureAsync(clients, duration, ours.SendElsewhereAsync), raw, null);
                    Add(fsync, clients, "Rebus: send", await Throughput.MeasureAsync(clients, duration, rebus.SendAsync), raw, sent);
                    Add(fsync, clients, "Rebus: publish (one subscriber)", await Throughput.MeasureAsync(clients, duration, rebus.PublishAsync), raw, sent);

                    var received = await Throughput.MeasureAsync(clients, duration, ours.ReceiveAsync);
                    Add(fsync, clients, "ours: receive + complete", received, raw, null);
                    Add(fsync, clients, "Rebus: handled", await rebus.HandleAsync(clients, duration), raw, received);

                    await ours.DrainAsync();
                    await rebus.PurgeAsync();
                }
            }
        }
    }
    finally
    {
        await Durability.ResetAsync(admin);
    }

    Console.WriteLine();
    Console.WriteLine($"PostgreSQL, medians of {rounds} round(s) (ratios taken within each round, then the median)");
    Console.WriteLine($"  {"fsync",-5} {"clients",7} {"measure",-44} {"ops/s",9} {"raw tx/s",9} {"vs raw",7} {"vs ours",8}");
    foreach (var ((fsync, clients, measure), list) in results.OrderBy(r => r.Key.Fsync).ThenBy(r => r.Key.Clients))
    {
        var versusOurs = list.All(r => r.Ours is > 0) ? $"{Median(list.Select(r => r.Rate / r.Ours!.Value)),7:0.00}×" : string.Empty;
        Console.WriteLine($"  {(fsync ? "on" : "off"),-5} {clients,7} {measure,-44} {Median(list.Select(r => r.Rate)),9:N0} {Median(list.Select(r => r.Raw)),9:N0} {Median(list.Select(r => r.Rate / r.Raw)),7:P0} {versusOurs,8}");
    }
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static void Report(string measure, int clients, double rate, double raw) =>
    Console.WriteLine($"  {measure,-52} {clients,7} {rate,10:N0} {rate / raw,8:P0}");

/// <summary>Our event store and SQL transport on one database: the operations measured.</summary>
internal sealed class Ours
{
    private readonly SqlEventStore store;
    private readonly SqlDatabase database;
    private readonly IMessageSender sender;
    private readonly IMessageSender elsewhere;
    private readonly IMessageReceiver receiver;
    private readonly ConcurrentQueue<(Guid Id, int Version)> streams = new();

    private Ours(SqlDatabase database, SqlMessageTransport transport)
    {
        this.database = database;
        store = new SqlEventStore(database);
        sender = transport.CreateSender("bench");
        elsewhere = transport.CreateSender("bench-elsewhere");
        receiver = transport.CreateReceiver("bench", "all");
    }

    public static async Task<Ours> CreateAsync(SqlDatabase database)
    {
        await SqlMigrations.MigrateMessagingAsync(database, default);
        await SqlMigrations.MigrateEventStoreAsync(database, default);
        var transport = new SqlMessageTransport(database);
        await transport.Topology.EnsureTopologyAsync(
            new MessagingTopology(
            [
                new TopicSettings("bench", [new SubscriptionSettings("all", SubscriptionFilter.All)]),
                new TopicSettings("bench-elsewhere", [new SubscriptionSettings("all", SubscriptionFilter.All)]),
            ]),
            default);
        var ours = new Ours(database, transport);

        // "bench" is received in this process from the start, as the processor receives what it sends
        // itself: such a send wakes its receiver in process, with no NOTIFY (SendElsewhereAsync has one).
        await ours.DrainAsync();
        return ours;
    }

    public Task StartStreamAsync() => SaveAsync(Guid.NewGuid(), 0);

    /// <summary>Appends to one of a pool of streams (one per caller at a time) at its expected version.</summary>
    public async Task AppendAsync()
    {
        if (!streams.TryDequeue(out var stream))
        {
            stream = (Guid.NewGuid(), 0);
        }

        await SaveAsync(stream.Id, stream.Version);
        streams.Enqueue((stream.Id, stream.Version + 1));
    }

    public Task SendAsync() =>
        sender.SendAsync([Deposit()], default);

    /// <summary>A send to a topic no receiver of this process takes: on PostgreSQL it also tells other processes (NOTIFY).</summary>
    public Task SendElsewhereAsync() =>
        elsewhere.SendAsync([Deposit()], default);

    /// <summary>Receives and completes one message; <see cref="InvalidOperationException"/> when the subscription is empty.</summary>
    public async Task ReceiveAsync()
    {
        var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), default) ?? throw new InvalidOperationException("drained");
        await receiver.CompleteAsync(message, default);
    }

    /// <summary>Leaves the subscriptions empty for the next round.</summary>
    public async Task DrainAsync()
    {
        while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(10), default) is { } left)
        {
            await receiver.CompleteAsync(left, default);
        }

        // Not received: a receiver here would stop this topic's sends from notifying.
        await using var connection = await database.OpenConnectionAsync(default);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM \"Messages\" WHERE \"Topic\" = 'bench-elsewhere'";
        await delete.ExecuteNonQueryAsync();
    }

    private static TransportMessage Deposit() => new() { MessageId = Guid.NewGuid().ToString(), TypeName = "Deposited", Body = """{"amount":1}""" };

    private Task SaveAsync(Guid id, int expectedVersion) =>
        store.SaveAsync("Bench", id, expectedVersion, [new StoredEvent("Bench", id, expectedVersion + 1, "Deposited", """{"amount":1}""", "c", DateTimeOffset.UtcNow)], default);
}
