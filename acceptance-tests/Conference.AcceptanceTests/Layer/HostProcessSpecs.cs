using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Conference.AcceptanceTests.Drivers;

namespace Conference.AcceptanceTests.Layer;

/// <summary>
/// HostProcess and the shared fixture, against this very assembly run as a host (Program's verbs)
/// until the real sites exist.
/// </summary>
public sealed partial class HostProcessSpecs
{
    private static readonly string ThisDll = typeof(HostProcessSpecs).Assembly.Location;

    private static HostProcessOptions Host(string verb, TimeSpan? startTimeout = null) => new()
    {
        Name = verb + " host",
        DllPath = ThisDll,
        Arguments = [verb],
        Environment = new Dictionary<string, string>(StringComparer.Ordinal) { [FormApp.GreetingVariable] = "hello from the test" },
        StartTimeout = startTimeout ?? TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task A_host_answers_on_its_free_port_with_its_environment_and_is_gone_after_dispose()
    {
        var host = await HostProcess.StartAsync(Host("serve-form-app"));
        var address = host.BaseAddress!;
        var pid = host.ProcessId;
        try
        {
            Assert.Equal("127.0.0.1", address.Host);
            using var http = new HttpClient();
            Assert.Equal("hello from the test", await http.GetStringAsync(host.Url("/greeting")));
            Assert.False(host.HasExited);
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.False(IsAlive(pid));
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address.Host, address.Port));
    }

    [Fact]
    public async Task Dispose_kills_the_whole_process_tree()
    {
        var host = await HostProcess.StartAsync(Host("spawn-child"));
        int child;
        try
        {
            child = await WaitForChildPid(host);
            Assert.True(IsAlive(child));
        }
        finally
        {
            await host.DisposeAsync();
        }

        // The grandchild may take a moment to be reaped after the kill.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (IsAlive(child) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.False(IsAlive(child), $"process {child} outlived its host");
    }

    [Fact]
    public async Task A_host_that_never_answers_times_out_with_its_output()
    {
        var error = await Assert.ThrowsAsync<HostProcessException>(() => HostProcess.StartAsync(Host("hang", TimeSpan.FromSeconds(3))));
        Assert.Contains("hang host", error.Message, StringComparison.Ordinal);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
        Assert.Contains("hang: started, never listening", error.Message, StringComparison.Ordinal);
        Assert.Contains("hang: a line on stderr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_http_is_ready_once_it_has_stayed_up()
    {
        var options = Host("hang");
        await using var host = await HostProcess.StartAsync(new HostProcessOptions
        {
            Name = options.Name,
            DllPath = options.DllPath,
            Arguments = options.Arguments,
            Http = false,
            NoHttpGracePeriod = TimeSpan.FromSeconds(1),
        });
        Assert.Null(host.BaseAddress);
        Assert.False(host.HasExited);
    }

    [Fact]
    public async Task A_host_that_exits_while_starting_fails_at_once_with_its_exit_code_and_output()
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HostProcessException>(() => HostProcess.StartAsync(Host("crash")));
        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("crash: giving up on purpose", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "an exited host must not wait for the start timeout");
    }

    [Fact]
    public async Task A_missing_dll_says_to_build()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => HostProcess.StartAsync(new HostProcessOptions
        {
            Name = "public site",
            DllPath = RepositoryPaths.HostDll("Conference.Web.NoSuchSite"),
        }));
        Assert.Contains("dotnet build Conference.sln", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("src", "Conference.Web.NoSuchSite", "bin"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shared_fixture_starts_a_host_once_and_stops_it_at_the_end()
    {
        var system = new SystemUnderTest();
        var starts = 0;
        HostProcessOptions Options()
        {
            Interlocked.Increment(ref starts);
            return Host("serve-form-app");
        }

        var both = await Task.WhenAll(system.GetHostAsync("form app", Options), system.GetHostAsync("form app", Options));
        Assert.Same(both[0], both[1]);
        Assert.Equal(1, starts);
        Assert.Equal([both[0]], system.Hosts);
        var data = system.DataDirectory;
        Assert.True(Directory.Exists(data));

        await system.DisposeAsync();
        Assert.True(both[0].HasExited);
        Assert.False(Directory.Exists(data));
    }

    private static async Task<int> WaitForChildPid(HostProcess host)
    {
        for (var i = 0; i < 100; i++)
        {
            var match = ChildPid().Match(host.Output);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The host never printed its child's pid:" + Environment.NewLine + host.Output);
    }

    private static bool IsAlive(int pid)
    {
        // A killed process nobody has reaped yet (a zombie) still has a pid but is dead.
        var stat = $"/proc/{pid}/stat";
        if (File.Exists(stat))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
                return state is not ("Z" or "X");
            }
            catch (IOException)
            {
                return false;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"child pid (\d+)")]
    private static partial Regex ChildPid();
}
