using System.Diagnostics;
using System.Globalization;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Infrastructure.Sql.Messaging;
using Npgsql;

// Throughput of the event store and the SQL transport, next to what the same database does with
// plain one-row INSERT transactions in the same run, since machines differ. Usage:
//   dotnet run -c Release --project benchmarks/Infrastructure.Benchmarks [seconds-per-measure]
// PostgreSQL is measured when CONFERENCE_TEST_POSTGRES holds an admin connection string
// (benchmarks/run.sh starts a throwaway server and sets it).
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var duration = TimeSpan.FromSeconds(seconds);
var targets = new List<(string Name, SqlDatabase Database, Func<Task> Cleanup)>();

var sqliteFile = Path.Combine(Path.GetTempPath(), $"conference-bench-{Guid.NewGuid():N}.db");
targets.Add(("SQLite (WAL, synchronous=NORMAL)", new SqlDatabase(SqlProvider.Sqlite, $"Data Source={sqliteFile}"), () =>
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
    {
        File.Delete(f);
    }

    return Task.CompletedTask;
}
));

if (Environment.GetEnvironmentVariable("CONFERENCE_TEST_POSTGRES") is { Length: > 0 } admin)
{
    var name = $"conference_bench_{Guid.NewGuid():N}";
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection).ExecuteNonQueryAsync();
    }

    targets.Add(("PostgreSQL", new SqlDatabase(SqlProvider.Postgres, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString), async () =>
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }
    ));
}
else
{
    Console.WriteLine("(PostgreSQL skipped: set CONFERENCE_TEST_POSTGRES or use benchmarks/run.sh)");
}

Console.WriteLine($"{Environment.ProcessorCount} cores, {seconds:0.#} s per measure");
foreach (var (name, database, cleanup) in targets)
{
    try
    {
        await SqlMigrations.MigrateMessagingAsync(database, default);
        await SqlMigrations.MigrateEventStoreAsync(database, default);
        var transport = new SqlMessageTransport(database);
        await transport.Topology.EnsureTopologyAsync(
            new MessagingTopology([new TopicSettings("bench", [new SubscriptionSettings("all", SubscriptionFilter.All)])]), default);
        await using (var connection = await database.OpenConnectionAsync(default))
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE raw_insert (id TEXT PRIMARY KEY, body TEXT NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }

        Console.WriteLine();
        Console.WriteLine(name);
        Console.WriteLine($"  {"measure",-52} {"clients",7} {"ops/s",10} {"vs raw",8}");
        foreach (var clients in new[] { 1, 8 })
        {
            var raw = await MeasureAsync(clients, duration, async () =>
            {
                await using var connection = await database.OpenConnectionAsync(default);
                await using var transaction = await connection.BeginTransactionAsync();
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO raw_insert (id, body) VALUES (@id, @body)";
                AddParameter(insert, "id", Guid.NewGuid().ToString());
                AddParameter(insert, "body", """{"amount":1}""");
                await insert.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            });
            Report("raw one-row INSERT transaction", clients, raw, raw);

            var store = new SqlEventStore(database);
            var append = await MeasureAsync(clients, duration, () =>
            {
                var id = Guid.NewGuid();
                return store.SaveAsync("Bench", id, 0, [new StoredEvent("Bench", id, 1, "Deposited", """{"amount":1}""", "c", DateTimeOffset.UtcNow)], default);
            });
            Report("event store append (event + unpublished copy)", clients, append, raw);

            var sender = transport.CreateSender("bench");
            var sent = await MeasureAsync(clients, duration, () => sender.SendAsync([new TransportMessage { MessageId = Guid.NewGuid().ToString(), TypeName = "Deposited", Body = """{"amount":1}""" }], default));
            Report("transport send (dedupe record + message)", clients, sent, raw);

            var receiver = transport.CreateReceiver("bench", "all");
            var received = await MeasureAsync(clients, duration, async () =>
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
    finally
    {
        await cleanup();
    }
}

static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
{
    var parameter = command.CreateParameter();
    parameter.ParameterName = name;
    parameter.Value = value;
    command.Parameters.Add(parameter);
}

static void Report(string measure, int clients, double rate, double raw) =>
    Console.WriteLine($"  {measure,-52} {clients,7} {rate,10:N0} {rate / raw,8:P0}");

static async Task<double> MeasureAsync(int clients, TimeSpan duration, Func<Task> operation)
{
    var stopwatch = Stopwatch.StartNew();
    var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
    {
        var count = 0;
        var lastDone = TimeSpan.Zero;
        while (stopwatch.Elapsed < duration)
        {
            try
            {
                await operation();
            }
            catch (InvalidOperationException)
            {
                // Nothing left to receive: the rate counts up to the last message handled.
                break;
            }

            count++;
            lastDone = stopwatch.Elapsed;
        }

        return (count, lastDone);
    }));
    return results.Sum(r => r.count) / results.Max(r => r.lastDone).TotalSeconds;
}
