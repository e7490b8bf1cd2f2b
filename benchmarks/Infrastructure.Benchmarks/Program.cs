using System.Globalization;
using Benchmarks.Support;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.Messaging;

// Throughput of the event store and the SQL transport, next to what the same database does with
// plain one-row INSERT transactions in the same run, since machines differ. Usage:
//   dotnet run -c Release --project benchmarks/Infrastructure.Benchmarks [seconds-per-measure]
// PostgreSQL is measured when CONFERENCE_TEST_POSTGRES holds an admin connection string
// (benchmarks/run.sh starts a throwaway server and sets it).
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var duration = TimeSpan.FromSeconds(seconds);
Console.WriteLine($"{Environment.ProcessorCount} cores, {seconds:0.#} s per measure");
await foreach (var target in BenchmarkDatabase.AllAsync("conference-bench"))
{
    await using (target)
    {
        var database = target.Database;
        await SqlMigrations.MigrateMessagingAsync(database, default);
        await SqlMigrations.MigrateEventStoreAsync(database, default);
        var transport = new SqlMessageTransport(database);
        await transport.Topology.EnsureTopologyAsync(
            new MessagingTopology([new TopicSettings("bench", [new SubscriptionSettings("all", SubscriptionFilter.All)])]), default);
        Console.WriteLine();
        Console.WriteLine(target.Label);
        Console.WriteLine($"  {"measure",-52} {"clients",7} {"ops/s",10} {"vs raw",8}");
        foreach (var clients in new[] { 1, 8 })
        {
            var raw = await RawCommitRate.MeasureAsync(database, clients, duration);
            Report("raw one-row INSERT transaction", clients, raw, raw);

            var store = new SqlEventStore(database);
            var append = await Throughput.MeasureAsync(clients, duration, () =>
            {
                var id = Guid.NewGuid();
                return store.SaveAsync("Bench", id, 0, [new StoredEvent("Bench", id, 1, "Deposited", """{"amount":1}""", "c", DateTimeOffset.UtcNow)], default);
            });
            Report("event store append (event + unpublished copy)", clients, append, raw);

            var sender = transport.CreateSender("bench");
            var sent = await Throughput.MeasureAsync(clients, duration, () => sender.SendAsync([new TransportMessage { MessageId = Guid.NewGuid().ToString(), TypeName = "Deposited", Body = """{"amount":1}""" }], default));
            Report("transport send (dedupe record + message)", clients, sent, raw);

            var receiver = transport.CreateReceiver("bench", "all");
            var received = await Throughput.MeasureAsync(clients, duration, async () =>
            {
                var message = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), default) ?? throw new InvalidOperationException("drained");
                await receiver.CompleteAsync(message, default);
            });
            Report("transport receive + complete (peek-lock)", clients, received, raw);

            // Leave the subscription empty for the next round.
            while (await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(10), default) is { } left)
            {
                await receiver.CompleteAsync(left, default);
            }
        }
    }
}

static void Report(string measure, int clients, double rate, double raw) =>
    Console.WriteLine($"  {measure,-52} {clients,7} {rate,10:N0} {rate / raw,8:P0}");
