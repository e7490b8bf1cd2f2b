using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;

namespace Conference.Local.Tests;

public sealed partial class given_the_local_run : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("conference-local").FullName;
    private readonly int publicPort = FreePort();
    private readonly int adminPort = FreePort();

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task when_started_then_it_seeds_the_demo_conference_once_and_stops_cleanly_on_ctrl_c()
    {
        var first = await RunUntilReadyThenInterruptAsync();
        var second = await RunUntilReadyThenInterruptAsync();

        var code = AccessCode().Match(first).Groups["code"].Value;
        Assert.Matches("^[A-Z0-9]{6}$", code);
        Assert.Contains($"access code {code}", second, StringComparison.Ordinal);
        Assert.Contains("Stopped.", first, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "conference.db")));
    }

    [Fact]
    public async Task when_started_with_no_seed_then_no_conference_is_created()
    {
        var output = await RunUntilReadyThenInterruptAsync("--no-seed");

        Assert.DoesNotContain("Demo conference", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_started_then_both_sites_serve_the_demo_conference_and_stop_with_it()
    {
        string? conferencePage = null;
        string? managementHome = null;
        var output = await RunUntilReadyThenInterruptAsync(
            async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

                // The demo conference reaches the registration read model through the processor: wait for it.
                conferencePage = await DemoConferencePageAsync(http, TimeSpan.FromSeconds(45));

                managementHome = await http.GetStringAsync(new Uri($"http://localhost:{adminPort}/"));
            },
            terminate: true);

        Assert.Contains($"http://localhost:{publicPort}/cqrs-summit", output, StringComparison.Ordinal);
        Assert.Contains($"http://localhost:{adminPort}", output, StringComparison.Ordinal);
        Assert.NotNull(conferencePage);
        Assert.Contains("CQRS Summit", conferencePage, StringComparison.Ordinal);
        Assert.Contains("locate", managementHome, StringComparison.OrdinalIgnoreCase);

        // Stopping the local run stops its sites (a `kill`, not only Ctrl+C).
        Assert.False(await AnswersAsync(publicPort), "the registration site still answers after the local run stopped");
        Assert.False(await AnswersAsync(adminPort), "the management site still answers after the local run stopped");
    }

    [Fact]
    public async Task when_started_with_azurite_then_a_registrant_takes_the_demo_order_to_confirmed_in_a_browser_and_azurite_stops_with_it()
    {
        string? conferencePage = null;
        string? accessCode = null;
        var output = await RunUntilReadyThenInterruptAsync(
            async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

                // The seeded conference's events went through the Table Storage event store to the read model.
                conferencePage = await DemoConferencePageAsync(http, TimeSpan.FromSeconds(60));
                if (conferencePage is not null)
                {
                    accessCode = await OrderOneSeatAsync();
                }
            },
            terminate: false,
            "--azurite");

        Assert.NotNull(conferencePage);
        Assert.Contains("CQRS Summit", conferencePage, StringComparison.Ordinal);
        Assert.Matches("^[A-Z0-9]{6}$", accessCode);
        var ports = AzuritePorts().Match(output);
        Assert.True(ports.Success, "the local run did not say where Azurite listens:\n" + output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "azurite"), "*", SearchOption.AllDirectories));
        Assert.False(await AnswersAsync(int.Parse(ports.Groups["table"].Value, CultureInfo.InvariantCulture)), "Azurite still answers after the local run stopped");
    }

    /// <summary>
    /// A registrant's whole order in Chromium: one general admission seat, their details, the payment
    /// accepted; returns the access code the confirmation shows. Every step waits for what the next page
    /// shows (Playwright's auto-waiting assertions; "please wait" pages refresh themselves meanwhile).
    /// </summary>
    private async Task<string?> OrderOneSeatAsync()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        var page = await browser.NewPageAsync();
        var patience = new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 };

        // The demo's seats reach the read model a moment after its page does (the seat availability
        // follows the conference's events): open the seat selection again until one seat can be chosen.
        var seats = page.GetByLabel("General admission", new() { Exact = true });
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await page.GotoAsync($"http://localhost:{publicPort}/cqrs-summit/register");
            await Assertions.Expect(seats).ToBeVisibleAsync(patience);
            if (await seats.Locator("option[value='1']").CountAsync() > 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        await seats.SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reserve these seats" }).ClickAsync();

        await Assertions.Expect(page.Locator("#reservation-confirmed")).ToBeVisibleAsync(patience);
        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Lovelace");
        await page.GetByLabel("Email").FillAsync("ada@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Proceed to payment" }).ClickAsync();

        var accept = page.GetByRole(AriaRole.Button, new() { Name = "Accept" });
        await Assertions.Expect(accept).ToBeVisibleAsync(patience);
        await accept.ClickAsync();

        var code = page.Locator("#access-code");
        await Assertions.Expect(code).ToBeVisibleAsync(patience);
        return (await code.TextContentAsync())?.Trim();
    }

    /// <summary>The demo conference's page once the registration site serves it; null if it did not within <paramref name="patience"/>.</summary>
    private async Task<string?> DemoConferencePageAsync(HttpClient http, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        do
        {
            var response = await http.GetAsync(new Uri($"http://localhost:{publicPort}/cqrs-summit"));
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsStringAsync();
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return null;
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<string> RunUntilReadyThenInterruptAsync(params string[] arguments) =>
        RunUntilReadyThenInterruptAsync(() => Task.CompletedTask, terminate: false, arguments);

    private async Task<string> RunUntilReadyThenInterruptAsync(Func<Task> whileRunning, bool terminate, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(LocalDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CONFERENCE_LOCAL_DATA"] = data;
        start.Environment["CONFERENCE_LOCAL_PUBLIC_PORT"] = publicPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["CONFERENCE_LOCAL_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture);
        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await whileRunning();

            // What Ctrl+C sends, or what `kill` and service managers send.
            using (var interrupt = Process.Start("kill", ["-s", terminate ? "TERM" : "INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            // Playwright's waits time out with the same exception: its message says which step it was.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The local run, or a step while it ran, did not finish in time ({ex.Message}):\n{output}", ex);
        }

        Assert.Equal(0, process.ExitCode);
        return output.ToString();
    }

    private static string LocalDll
    {
        get
        {
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var root = own.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "Conference.Local", "bin", own.Parent!.Name, own.Name, "Conference.Local.dll");
        }
    }

    [GeneratedRegex("access code (?<code>[A-Z0-9]{6})")]
    private static partial Regex AccessCode();

    [GeneratedRegex(@"Azurite [0-9.]+ on 127\.0\.0\.1:(?<blob>\d+) \(blob\), (?<table>\d+) \(table\)")]
    private static partial Regex AzuritePorts();
}
