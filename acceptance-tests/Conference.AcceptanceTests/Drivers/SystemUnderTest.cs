using System.Collections.Concurrent;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>
/// The running system, shared by every scenario of the test run (<see cref="SystemHooks"/> puts
/// the run's one instance in each scenario's container): hosts are started on first use, once, and
/// stopped when the run ends. Bindings receive it through their constructor. Every host gets the same settings: one SQLite file and one mail
/// folder under <see cref="DataDirectory"/>, and a copy of the settings template (so a developer's
/// own Settings.xml never leaks into a test run).
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<HostProcess>>> hosts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<HostProcess> started = new();
    private readonly Lazy<string> dataDirectory = new(CreateDataDirectory);

    /// <summary>A folder for this run's databases, mail and blobs (created on first use, deleted at the end).</summary>
    public string DataDirectory => dataDirectory.Value;

    /// <summary>The hosts started so far, in start order.</summary>
    public IReadOnlyCollection<HostProcess> Hosts => started;

    /// <summary>
    /// The host registered under <paramref name="key"/>, started on the first call (concurrent callers
    /// share that start). A failed start is remembered, so later scenarios fail at once with the
    /// same message instead of waiting for the timeout again.
    /// </summary>
    public Task<HostProcess> GetHostAsync(string key, Func<HostProcessOptions> options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return hosts.GetOrAdd(key, _ => new Lazy<Task<HostProcess>>(async () =>
        {
            var host = await HostProcess.StartAsync(options(), cancellationToken);
            started.Enqueue(host);
            return host;
        })).Value;
    }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>The worker; sites start it first, since nothing happens without it.</summary>
    public Task<HostProcess> ProcessorAsync() => GetHostAsync("processor", () => new HostProcessOptions
    {
        Name = "processor",
        DllPath = RepositoryPaths.HostDll("Conference.Processor"),
        Http = false,
        ReadinessPath = null,
        ReadyOutput = "Conference.Processor ready",
        Environment = Settings(),
        WorkingDirectory = DataDirectory,
    });

    /// <summary>The public registration site (starts the processor first).</summary>
    public Task<HostProcess> PublicSiteAsync() => SiteAsync("public site", "Conference.Web.Public");

    /// <summary>The conference management site (starts the processor first).</summary>
    public Task<HostProcess> AdminSiteAsync() => SiteAsync("admin site", "Conference.Web.Admin");

    /// <summary>
    /// A site as an operator runs it: `dotnet &lt;dll&gt;` from its project folder (its wwwroot is the
    /// content root), on a free loopback port, ready once /health answers. A site with
    /// <paramref name="overrides"/> is a separate host under <paramref name="key"/>, sharing the run's database.
    /// </summary>
    public async Task<HostProcess> SiteAsync(string key, string project, IReadOnlyDictionary<string, string>? overrides = null)
    {
        await ProcessorAsync();
        return await GetHostAsync(key, () => new HostProcessOptions
        {
            Name = key,
            DllPath = RepositoryPaths.HostDll(project),
            ReadinessPath = "/health",
            Environment = Settings(overrides),
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", project),
        });
    }

    /// <summary>
    /// A worker of its own under <paramref name="key"/>, on the database and settings of
    /// <see cref="OwnDatabase"/>: two processors on one database would compete for the same subscriptions.
    /// </summary>
    public Task<HostProcess> ProcessorAsync(string key, IReadOnlyDictionary<string, string> overrides) => GetHostAsync(key + " processor", () => new HostProcessOptions
    {
        Name = key + " processor",
        DllPath = RepositoryPaths.HostDll("Conference.Processor"),
        Http = false,
        ReadinessPath = null,
        ReadyOutput = "Conference.Processor ready",
        Environment = Settings(OwnDatabase(key, overrides)),
        WorkingDirectory = DataDirectory,
    });

    /// <summary>
    /// A public site and its own processor under <paramref name="key"/>, both on the database file
    /// <c>{key}.db</c> with <paramref name="overrides"/> (e.g. a shortened reservation window).
    /// </summary>
    public async Task<HostProcess> PublicSiteAsync(string key, IReadOnlyDictionary<string, string> overrides)
    {
        await ProcessorAsync(key, overrides);
        return await GetHostAsync(key + " public site", () => new HostProcessOptions
        {
            Name = key + " public site",
            DllPath = RepositoryPaths.HostDll("Conference.Web.Public"),
            ReadinessPath = "/health",
            Environment = Settings(OwnDatabase(key, overrides)),
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "Conference.Web.Public"),
        });
    }

    /// <summary>
    /// The management site of the separate pair under <paramref name="key"/> (<see cref="PublicSiteAsync(string, IReadOnlyDictionary{string, string})"/>):
    /// on that pair's database, after its processor.
    /// </summary>
    public async Task<HostProcess> AdminSiteAsync(string key, IReadOnlyDictionary<string, string> overrides)
    {
        await ProcessorAsync(key, overrides);
        return await GetHostAsync(key + " admin site", () => new HostProcessOptions
        {
            Name = key + " admin site",
            DllPath = RepositoryPaths.HostDll("Conference.Web.Admin"),
            ReadinessPath = "/health",
            Environment = Settings(OwnDatabase(key, overrides)),
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", "Conference.Web.Admin"),
        });
    }

    /// <summary>The overrides of a separate pair of hosts: its own database file, then <paramref name="overrides"/>.</summary>
    public Dictionary<string, string> OwnDatabase(string key, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var own = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Conference__Database__ConnectionString"] = $"Data Source={Path.Combine(DataDirectory, key + ".db")}",
        };
        foreach (var (name, value) in overrides)
        {
            own[name] = value;
        }

        return own;
    }

    /// <summary>What an operator would set: everything on this run's SQLite file, mail into this run's folder.</summary>
    public Dictionary<string, string> Settings(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settingsFile = Path.Combine(DataDirectory, "Settings.xml");
        if (!File.Exists(settingsFile))
        {
            File.Copy(Path.Combine(RepositoryPaths.Root, "Settings.Template.xml"), settingsFile, overwrite: true);
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CONFERENCE_SETTINGS"] = settingsFile,
            ["Conference__Database__Provider"] = "Sqlite",
            ["Conference__Database__ConnectionString"] = $"Data Source={Path.Combine(DataDirectory, "conference.db")}",
            ["Conference__Email__PickupDirectory"] = MailDirectory,
            ["Conference__EventSourcing__ScanInterval"] = "00:00:01",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Stops the hosts, newest first (sites before the processor they talk to), then removes the data.</summary>
    public async ValueTask DisposeAsync()
    {
        var errors = new List<Exception>();
        foreach (var host in started.Reverse())
        {
            try
            {
                await host.DisposeAsync();
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        started.Clear();
        hosts.Clear();
        if (dataDirectory.IsValueCreated && Directory.Exists(dataDirectory.Value))
        {
            Directory.Delete(dataDirectory.Value, recursive: true);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException("Stopping the hosts failed.", errors);
        }
    }

    private static string CreateDataDirectory() =>
        Directory.CreateTempSubdirectory("conference-acceptance-").FullName;
}
