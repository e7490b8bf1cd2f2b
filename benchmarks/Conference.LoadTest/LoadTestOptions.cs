using System.Globalization;
using Benchmarks.Support;

namespace Conference.LoadTest;

/// <summary>The command line: the offered rate and how long, the database, the ports, where the CSV and chart go.</summary>
internal sealed record LoadTestOptions
{
    public const string Usage = """
        Usage: Conference.LoadTest [--rate <purchases/s>] [--duration <s>] [--postgres [<admin connection string>]]
                                   [--drain <s>] [--port <public site>] [--minimal-port <port>] [--wrk <s>] [--output <folder>]
          --rate        purchases started per second, whatever the others are doing (default 20)
          --duration    seconds of offered load (default 30)
          --postgres    a throwaway database on this PostgreSQL server (default: CONFERENCE_TEST_POSTGRES); SQLite without it
          --drain       seconds after the load for purchases still running (default 120)
          --port        the public site's port (default 5801); --minimal-port the comparison endpoint's (default 5802)
          --wrk         seconds wrk measures each of the conference page and the minimal endpoint; 0 skips it (default 5)
          --output      folder for purchases.csv and latency.png (default .data/loadtest/<time>-<database>-<rate>)
        """;

    public double Rate { get; init; } = 20;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(120);

    public string? PostgresAdmin { get; init; }

    public int PublicPort { get; init; } = 5801;

    public int MinimalPort { get; init; } = 5802;

    public int WrkSeconds { get; init; } = 5;

    public string? Output { get; init; }

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--rate" => options with { Rate = Positive(args[i], Value()) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(args[i], Value())) },
                "--drain" => options with { Drain = TimeSpan.FromSeconds(Positive(args[i], Value())) },
                "--port" => options with { PublicPort = Port(args[i], Value()) },
                "--minimal-port" => options with { MinimalPort = Port(args[i], Value()) },
                "--wrk" => options with { WrkSeconds = (int)NotNegative(args[i], Value()) },
                "--output" => options with { Output = Path.GetFullPath(Value()) },
                "--postgres" => options with
                {
                    PostgresAdmin = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        ? Value()
                        : BenchmarkDatabase.PostgresAdmin ?? throw new ArgumentException("--postgres needs an admin connection string, or CONFERENCE_TEST_POSTGRES set."),
                },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }

        return options;
    }

    private static double Positive(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive number, not '{text}'.");

    private static double NotNegative(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"{name} must be a number of 0 or more, not '{text}'.");

    private static int Port(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"{name} must be a port number (1-65535), not '{text}'.");
}
