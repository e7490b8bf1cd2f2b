using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using AngleSharp.Html.Parser;
using Benchmarks.Support;
using Conference.LoadTest;

// The load test through the real hosts: the processor and the public site run as processes on a
// throwaway database; registrants buy one seat each over HTTP at a steady offered rate (open loop:
// one starts every 1/rate s whatever the others are doing). Usage (README "Load test"):
//   dotnet run -c Release --project benchmarks/Conference.LoadTest -- [--rate 20] [--duration 30] [--postgres [admin-connection-string]]
LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"Conference.LoadTest: {ex.Message}{Environment.NewLine}{LoadTestOptions.Usage}");
    return 2;
}

var total = (int)Math.Round(options.Rate * options.Duration.TotalSeconds);
var workFolder = Path.Combine(Path.GetTempPath(), $"conference-load-{Guid.NewGuid():N}");
Directory.CreateDirectory(workFolder);
await using var database = options.PostgresAdmin is { } admin
    ? await BenchmarkDatabase.PostgresAsync(admin, "conference_load")
    : BenchmarkDatabase.Sqlite("conference-load");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Load test: {database.Label}, {Environment.ProcessorCount} cores, offered {options.Rate:0.##} purchases/s for {options.Duration.TotalSeconds:0} s ({total} registrants, one seat each)"));

var exitCode = 0;
SystemUnderTest? system = null;
try
{
    system = await SystemUnderTest.StartAsync(database, workFolder, options.PublicPort, CancellationToken.None);
    using var handler = new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    };
    using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    // One seat per registrant, and one for the warm-up purchase: enough, and no more, so overselling would show.
    var quota = total + 1;
    var (slug, seatType) = await system.SeedAsync(quota, (slug, ct) => WaitUntilOnSaleAsync(http, system.PublicSite, slug, quota, ct), CancellationToken.None);
    Console.WriteLine($"Conference /{slug} on sale at {system.PublicSite} with {quota} seats");

    // The database's own rate, in this run, while the hosts idle: the figure the others are read against.
    var raw = await RawCommitRate.MeasureAsync(database.Database, 1, TimeSpan.FromSeconds(3));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw one-row commit rate of this database (1 client, same run): {raw:0} transactions/s"));

    // One purchase before the clock starts: the hosts' first requests and messages pay for JIT and EF Core's models.
    var warmUp = new Purchase(0, TimeSpan.Zero);
    using (var warmUpLimit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
    {
        await BuyAsync(new Registrant(http, system.PublicSite, slug, Stopwatch.StartNew()), warmUp, warmUpLimit.Token);
    }

    Console.WriteLine(warmUp.Completed
        ? string.Create(CultureInfo.InvariantCulture, $"warm-up purchase (not counted): {warmUp.Whole!.Value.TotalMilliseconds:0} ms")
        : $"warm-up purchase failed: {warmUp.Error}");

    var purchases = Enumerable.Range(0, total).Select(i => new Purchase(i + 1, TimeSpan.FromSeconds(i / options.Rate))).ToList();
    var cpuBefore = CpuTimes(system);
    var clock = Stopwatch.StartNew();
    using var deadline = new CancellationTokenSource(options.Duration + options.Drain);
    var running = new List<Task>(total);
    foreach (var purchase in purchases)
    {
        if (purchase.Due > clock.Elapsed)
        {
            await Task.Delay(purchase.Due - clock.Elapsed);
        }

        running.Add(Task.Run(() => BuyAsync(new Registrant(http, system.PublicSite, slug, clock), purchase, deadline.Token)));
    }

    var offeredFor = clock.Elapsed;
    await Task.WhenAll(running);
    var loadTime = clock.Elapsed;
    var cpuAfter = CpuTimes(system);

    var completed = purchases.Count(p => p.Completed);
    var lastConfirmed = purchases.Where(p => p.Completed).Select(p => p.Confirmed!.Value).DefaultIfEmpty(loadTime).Max();
    Console.WriteLine();
    Console.WriteLine($"## Load test result ({database.Label}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw one-row commit rate:            {raw:0} tx/s (1 client)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"offered:                            {total / offeredFor.TotalSeconds:0.0} purchases/s ({total} over {offeredFor.TotalSeconds:0.0} s)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"completed:                          {completed / lastConfirmed.TotalSeconds:0.0} purchases/s ({completed} of {total}, the last {lastConfirmed.TotalSeconds:0.0} s in) = {completed / lastConfirmed.TotalSeconds / raw:P2} of the raw rate"));
    // Open loop only while the load test keeps its schedule: a starved machine delays the starts themselves.
    var lag = purchases.Where(p => p.Started is not null).Select(p => (p.Started!.Value - p.Due).TotalMilliseconds).Order().DefaultIfEmpty(0).ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start lag behind the schedule:      p50 {lag[lag.Count / 2]:0} ms, max {lag[^1]:0} ms"));
    Console.WriteLine($"(a) register POST → priced order:   {Report.Percentiles(purchases.Select(p => p.RegisterToPriced))}");
    Console.WriteLine($"(b) whole purchase:                 {Report.Percentiles(purchases.Where(p => p.Completed).Select(p => p.Whole))}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP requests per purchase:         {purchases.Average(p => p.Requests):0.0} (of which 'please wait' refreshes {purchases.Average(p => p.Refreshes):0.00}, details submitted again {purchases.Sum(p => p.Resubmits)} times)"));
    Report.PrintErrors(purchases);
    foreach (var (name, before) in cpuBefore)
    {
        var used = cpuAfter[name] - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU {name,-10} {used.TotalSeconds,7:0.0} s ({used / loadTime:P0} of one core over {loadTime.TotalSeconds:0} s)"));
    }

    var output = options.Output ?? Path.Combine(system.Root, ".data", "loadtest", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{database.Label.ToLowerInvariant()}-{options.Rate:0.##}");
    Directory.CreateDirectory(output);
    var csv = Path.Combine(output, "purchases.csv");
    var chart = Path.Combine(output, "latency.png");
    Report.WriteCsv(csv, purchases);
    Report.WriteChart(chart, purchases, string.Create(CultureInfo.InvariantCulture, $"{database.Label}, offered {options.Rate:0.##}/s for {options.Duration.TotalSeconds:0} s, raw commit rate {raw:0} tx/s"));
    Console.WriteLine($"CSV (one row per purchase): {csv}");
    Console.WriteLine($"chart (latency over time):  {chart}");

    Console.WriteLine();
    var pass = completed > 0 && await EndChecks.RunAsync(database.Database, [warmUp, .. purchases], seatType, quota, CancellationToken.None);
    if (completed == 0)
    {
        Console.WriteLine("FAIL  no purchase reached the thank-you page");
    }

    exitCode = pass ? 0 : 1;

    if (options.WrkSeconds > 0)
    {
        Console.WriteLine();
        await ConferencePageRate.MeasureAsync(new Uri(system.PublicSite, $"/{slug}"), options.MinimalPort, TimeSpan.FromSeconds(options.WrkSeconds), CancellationToken.None);
    }
}
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or TimeoutException or HttpRequestException)
{
    await Console.Error.WriteLineAsync($"Conference.LoadTest: {ex.Message}");
    exitCode = 3;
}
finally
{
    if (system is not null)
    {
        await system.DisposeAsync();
    }

    Directory.Delete(workFolder, recursive: true);
}

return exitCode;

static async Task BuyAsync(Registrant registrant, Purchase purchase, CancellationToken deadline)
{
    try
    {
        await registrant.PurchaseAsync(purchase, deadline);
    }
    catch (PurchaseException ex)
    {
        purchase.Error = ex.Kind;
    }
    catch (OperationCanceledException) when (deadline.IsCancellationRequested)
    {
        purchase.Error = "unfinished at the end of the drain";
    }
    catch (TaskCanceledException)
    {
        purchase.Error = "HTTP request timed out (60 s)";
    }
    catch (HttpRequestException ex)
    {
        purchase.Error = $"HTTP {ex.HttpRequestError}";
    }
}

static Dictionary<string, TimeSpan> CpuTimes(SystemUnderTest system) => new()
{
    ["processor"] = system.Processor.ProcessorTime,
    ["public"] = system.Site.ProcessorTime,
    ["load test"] = Process.GetCurrentProcess().TotalProcessorTime,
};

// Until the registration page offers the seeded seats (the processor has turned the published conference into them).
static async Task WaitUntilOnSaleAsync(HttpClient http, Uri site, string slug, int quota, CancellationToken cancellationToken)
{
    var parser = new HtmlParser();
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
    while (true)
    {
        using var response = await http.GetAsync(new Uri(site, $"/{slug}/register"), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var page = await parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);
            if (page.QuerySelector("td.available")?.TextContent.Trim() == quota.ToString(CultureInfo.InvariantCulture))
            {
                return;
            }
        }

        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"/{slug}/register did not offer the {quota} seeded seats within a minute (last status {(int)response.StatusCode}).");
        }

        await Task.Delay(100, cancellationToken);
    }
}
