using System.Globalization;
using System.Text;

namespace Conference.LoadTest;

/// <summary>The figures of a run: latency percentiles, errors by kind, a CSV of every purchase and a latency-over-time chart.</summary>
internal static class Report
{
    public static string Percentiles(IEnumerable<TimeSpan?> latencies)
    {
        var sorted = latencies.OfType<TimeSpan>().Order().ToList();
        if (sorted.Count == 0)
        {
            return "none completed";
        }

        double At(double p) => sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))].TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):0} ms, p95 {At(0.95):0} ms, p99 {At(0.99):0} ms, max {sorted[^1].TotalMilliseconds:0} ms ({sorted.Count} purchases)");
    }

    public static void PrintErrors(IReadOnlyList<Purchase> purchases)
    {
        var errors = purchases.Where(p => p.Error is not null).GroupBy(p => p.Error!).OrderByDescending(g => g.Count()).ToList();
        if (errors.Count == 0)
        {
            Console.WriteLine("errors: none");
            return;
        }

        Console.WriteLine("errors by kind:");
        foreach (var error in errors)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {error.Count(),6}  {error.Key}"));
        }
    }

    public static void WriteCsv(string path, IReadOnlyList<Purchase> purchases)
    {
        var csv = new StringBuilder("number,order_id,due_s,started_s,registered_s,priced_s,confirmed_s,register_to_priced_ms,purchase_ms,requests,refreshes,resubmits,error\n");
        foreach (var p in purchases)
        {
            csv.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{p.Number},{(p.OrderId == Guid.Empty ? string.Empty : p.OrderId.ToString())},{Seconds(p.Due)},{Seconds(p.Started)},{Seconds(p.Registered)},{Seconds(p.Priced)},{Seconds(p.Confirmed)},{Milliseconds(p.RegisterToPriced)},{Milliseconds(p.Whole)},{p.Requests},{p.Refreshes},{p.Resubmits},{Quoted(p.Error)}"));
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>Each purchase as two points at the time it started: (a) register → priced order shown, (b) the whole purchase.</summary>
    public static void WriteChart(string path, IReadOnlyList<Purchase> purchases, string title)
    {
        var plot = new ScottPlot.Plot();
        var whole = purchases.Where(p => p.Completed).ToList();
        var priced = purchases.Where(p => p.RegisterToPriced is not null).ToList();
        var purchase = plot.Add.ScatterPoints(whole.Select(p => p.Started!.Value.TotalSeconds).ToArray(), whole.Select(p => p.Whole!.Value.TotalMilliseconds).ToArray());
        purchase.LegendText = "whole purchase";
        purchase.MarkerSize = 3;
        var register = plot.Add.ScatterPoints(priced.Select(p => p.Registered!.Value.TotalSeconds).ToArray(), priced.Select(p => p.RegisterToPriced!.Value.TotalMilliseconds).ToArray());
        register.LegendText = "register POST → priced order shown";
        register.MarkerSize = 3;
        var failed = purchases.Where(p => p.Error is not null && p.Started is not null).ToList();
        if (failed.Count > 0)
        {
            var errors = plot.Add.ScatterPoints(failed.Select(p => p.Started!.Value.TotalSeconds).ToArray(), failed.Select(_ => 0d).ToArray());
            errors.LegendText = "failed purchase (at 0)";
            errors.MarkerSize = 5;
            errors.Color = ScottPlot.Colors.Red;
        }

        plot.Title(title);
        plot.XLabel("purchase started (s into the run)");
        plot.YLabel("latency (ms)");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1200, 600);
    }

    private static string Seconds(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : string.Empty;

    private static string Milliseconds(TimeSpan? value) => value is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : string.Empty;

    private static string Quoted(string? text) => text is null ? string.Empty : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
