using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Benchmarks.Support;
using Conference;
using Conference.Common;
using Conference.Common.Settings;
using Conference.Contracts;
using Infrastructure.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel.Implementation;

// End-to-end latency and throughput: registrants place orders at a steady rate; each order's
// latency runs from sending RegisterToConference to its priced order being readable in the read model.
// The processor runs in this process with its production composition. Usage:
//   dotnet run -c Release --project benchmarks/Conference.Benchmarks [orders-per-second] [seconds]
// PostgreSQL is measured too when CONFERENCE_TEST_POSTGRES holds an admin connection string.
var rate = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20;
var drain = TimeSpan.FromSeconds(30);

// CONFERENCE_BENCH_CONFERENCES=N spreads the orders over N conferences (each has one SeatsAvailability stream).
var conferences = int.TryParse(Environment.GetEnvironmentVariable("CONFERENCE_BENCH_CONFERENCES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

// CONFERENCE_BENCH_TABLES=1: on PostgreSQL, also the rows each table gained, changed and lost per order.
var showTables = Environment.GetEnvironmentVariable("CONFERENCE_BENCH_TABLES") == "1";

Console.WriteLine($"{Environment.ProcessorCount} cores; {conferences} conference(s); offered load {rate:0} orders/s for {seconds:0} s; latency = RegisterToConference sent → priced order visible");
Console.WriteLine("| database | raw commits/s (1 client) | orders | completed/s | p50 ms | p95 ms | p99 ms | max ms | not visible | write transactions/order | target orders/s at p95 <= 1 s |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");

// CONFERENCE_BENCH_SQLITE keeps the SQLite file at that path for a look at the event and message log timestamps.
await foreach (var target in BenchmarkDatabase.AllAsync("conference-e2e", Environment.GetEnvironmentVariable("CONFERENCE_BENCH_SQLITE")))
{
    await using (target)
    {
        await MeasureAsync(target);
    }
}

async Task MeasureAsync(BenchmarkDatabase target)
{
    var postgresAdmin = target.Database.IsPostgres ? BenchmarkDatabase.PostgresAdmin : null;
    var builder = Host.CreateApplicationBuilder();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Conference:Database:Provider"] = target.ProviderSetting,
        ["Conference:Database:ConnectionString"] = target.Database.ConnectionString,
        ["Conference:Email:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "conference-e2e-mail"),
    });
    builder.Configuration.AddConferenceSettingsFile(file: null);
    var settings = ConferenceSettings.Read(builder.Configuration);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddConferenceProcessor(settings);
    using var host = builder.Build();
    await host.StartAsync();

    var published = new List<(Guid ConferenceId, Guid SeatType)>();
    for (var i = 0; i < conferences; i++)
    {
        published.Add(await PublishConferenceAsync(host.Services));
    }

    var readModel = host.Services.GetRequiredService<IDbContextFactory<ConferenceRegistrationDbContext>>();
    await WaitAsync(async () =>
    {
        await using var context = await readModel.CreateDbContextAsync();
        var seatTypes = published.Select(p => p.SeatType).ToList();
        return await context.SeatTypes.CountAsync(s => seatTypes.Contains(s.Id)) == seatTypes.Count;
    });

    // The database's own rate, in this run, on this machine (after the migrations: they put SQLite in WAL
    // mode), while the processor idles: the figure every result is read against.
    var raw = await RawCommitRate.MeasureAsync(target.Database, 1, TimeSpan.FromSeconds(3));
    var bus = host.Services.GetRequiredService<ICommandBus>();
    var writesBefore = postgresAdmin is null ? 0 : await WriteTransactionsSoFarAsync(postgresAdmin);
    var tablesBefore = postgresAdmin is null || !showTables ? null : await TableWritesAsync(target.Database.ConnectionString);
    var clock = Stopwatch.StartNew();
    var sentAt = new ConcurrentDictionary<Guid, TimeSpan>();
    var latencies = new ConcurrentBag<TimeSpan>();
    using var stopPolling = new CancellationTokenSource();
    var poller = Task.Run(() => PollAsync(readModel, sentAt, latencies, clock, stopPolling.Token));

    var total = (int)(rate * seconds);
    var interval = TimeSpan.FromSeconds(1 / rate);
    var sends = new List<Task>();
    for (var i = 0; i < total; i++)
    {
        var due = interval * i;
        if (clock.Elapsed < due)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        var orderId = Guid.NewGuid();
        sentAt[orderId] = clock.Elapsed;
        var (conferenceId, seatType) = published[i % published.Count];
        sends.Add(bus.SendAsync(new RegisterToConference(orderId, conferenceId, [new SeatQuantity(seatType, 1)]), default));
    }

    await Task.WhenAll(sends);
    await WaitAsync(() => Task.FromResult(sentAt.IsEmpty), drain);
    var finished = clock.Elapsed;
    var writes = postgresAdmin is null ? (long?)null : await WritesUntilQuietAsync(postgresAdmin, writesBefore);
    if (tablesBefore is not null)
    {
        await PrintTableWritesAsync(target.Database.ConnectionString, tablesBefore, (int)(rate * seconds));
    }
    await stopPolling.CancelAsync();
    await poller;
    await host.StopAsync();

    var sorted = latencies.OrderBy(l => l).ToList();
    double Percentile(double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].TotalMilliseconds;
    var completedPerSecond = sorted.Count / finished.TotalSeconds;
    // The performance target: sustained orders/s at p95 <= 1 s of 1 % of the raw rate on SQLite, 3 % on PostgreSQL.
    var goal = raw * (postgresAdmin is null ? 0.01 : 0.03);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {target.Label} | {raw:0} | {total} | {completedPerSecond:0} ({completedPerSecond / raw:P1} of raw) | {Percentile(0.50):0} | {Percentile(0.95):0} | {Percentile(0.99):0} | {(sorted.Count == 0 ? 0 : sorted[^1].TotalMilliseconds):0} | {sentAt.Count} | {(writes is { } w ? (w / (double)total).ToString("0.0", CultureInfo.InvariantCulture) : "n/a")} | {goal:0} |"));
}

// PostgreSQL gives a transaction id only to a transaction that writes (whether it commits or rolls
// back), from one counter for the whole server: the difference over the run counts the write
// transactions of the whole flow, retries included; reads and idle polls take none. SQLite has no such counter.
static async Task<long> WritesUntilQuietAsync(string admin, long before)
{
    // The priced order is visible before the last handlers (order copy, mail, message log) are done:
    // wait until a second passes with no write but the look itself, at most 30 s.
    var looks = 1;
    var last = await WriteTransactionsSoFarAsync(admin);
    for (var i = 0; i < 30; i++)
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        var now = await WriteTransactionsSoFarAsync(admin);
        looks++;
        var quiet = now - last == 1;
        last = now;
        if (quiet)
        {
            break;
        }
    }

    // Less the looks themselves (the first look before the run is the baseline).
    return last - before - looks;
}

static async Task<Dictionary<string, (long Inserted, long Updated, long Deleted)>> TableWritesAsync(string connectionString)
{
    // The statistics collector reports a backend's counts at its transaction ends, at most a second late.
    await Task.Delay(TimeSpan.FromSeconds(2));
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables", connection);
    await using var reader = await command.ExecuteReaderAsync();
    var tables = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
    while (await reader.ReadAsync())
    {
        tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    return tables;
}

static async Task PrintTableWritesAsync(string connectionString, Dictionary<string, (long Inserted, long Updated, long Deleted)> before, int orders)
{
    var after = await TableWritesAsync(connectionString);
    Console.WriteLine("| table | inserted/order | updated/order | deleted/order |");
    Console.WriteLine("| --- | --- | --- | --- |");
    foreach (var (table, (inserted, updated, deleted)) in after.OrderBy(t => t.Key, StringComparer.Ordinal))
    {
        var (i0, u0, d0) = before.GetValueOrDefault(table);
        if (inserted - i0 + updated - u0 + deleted - d0 > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {table} | {(inserted - i0) / (double)orders:0.00} | {(updated - u0) / (double)orders:0.00} | {(deleted - d0) / (double)orders:0.00} |"));
        }
    }
}

static async Task<long> WriteTransactionsSoFarAsync(string admin)
{
    await using var connection = new NpgsqlConnection(admin);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT txid_current()", connection);
    return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
}

static async Task<(Guid ConferenceId, Guid SeatType)> PublishConferenceAsync(IServiceProvider services)
{
    await using var scope = services.CreateAsyncScope();
    var management = scope.ServiceProvider.GetRequiredService<ConferenceService>();
    var start = new DateTimeOffset(DateTime.UtcNow.Date.AddMonths(1), TimeSpan.Zero);
    var conference = await management.CreateConferenceAsync(
        new Owner("Bench", "bench@example.com"),
        new ConferenceDetails("Benchmark", "Load", "Here", null, null, "bench-" + Guid.NewGuid().ToString("N")[..8], start, start.AddDays(1)),
        default);
    var seat = await management.CreateSeatAsync(conference.Id, new SeatTypeDetails("General admission", "All talks", 199m, Conference.SeatType.MaxQuantity), default);
    await management.PublishAsync(conference.Id, default);
    return (conference.Id, seat.Id);
}

// One query per tick for every order still pending, so measuring adds little load.
static async Task PollAsync(
    IDbContextFactory<ConferenceRegistrationDbContext> readModel,
    ConcurrentDictionary<Guid, TimeSpan> sentAt,
    ConcurrentBag<TimeSpan> latencies,
    Stopwatch clock,
    CancellationToken cancellationToken)
{
    while (!cancellationToken.IsCancellationRequested)
    {
        foreach (var chunk in sentAt.Keys.Chunk(500))
        {
            await using var context = await readModel.CreateDbContextAsync(CancellationToken.None);
            var visible = await context.PricedOrders.AsNoTracking().Where(o => chunk.Contains(o.OrderId)).Select(o => o.OrderId).ToListAsync(CancellationToken.None);
            var now = clock.Elapsed;
            foreach (var orderId in visible)
            {
                if (sentAt.TryRemove(orderId, out var sent))
                {
                    latencies.Add(now - sent);
                }
            }
        }

        try
        {
            await Task.Delay(20, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
    }
}

static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
{
    var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
    while (!await condition() && DateTime.UtcNow < deadline)
    {
        await Task.Delay(50);
    }
}
