namespace Conference.Local;

/// <summary>Where the local run keeps its files and finds the hosts it starts.</summary>
internal sealed class LocalRun
{
    /// <summary>Moves the data folder (tests run the local host without touching the repository's .data/).</summary>
    public const string DataDirectoryVariable = "CONFERENCE_LOCAL_DATA";

    private LocalRun(string root)
    {
        Root = root;
        DataDirectory = System.Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } data
            ? Path.GetFullPath(data)
            : Path.Combine(root, ".data");
    }

    /// <summary>Moves the sites off their fixed ports (5080 registration, 5081 management), e.g. for tests.</summary>
    public const string PublicPortVariable = "CONFERENCE_LOCAL_PUBLIC_PORT";

    /// <inheritdoc cref="PublicPortVariable"/>
    public const string AdminPortVariable = "CONFERENCE_LOCAL_ADMIN_PORT";

    public string Root { get; }

    public string PublicSiteUrl => $"http://localhost:{Port(PublicPortVariable, 5080)}";

    public string AdminSiteUrl => $"http://localhost:{Port(AdminPortVariable, 5081)}";

    public string DataDirectory { get; }

    public string DatabaseFile => Path.Combine(DataDirectory, "conference.db");

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>With <c>--azurite</c>: the emulator's connection string, for the event store, the message log and the blobs.</summary>
    public string? AzureStorageConnectionString { get; set; }

    /// <summary>
    /// Settings every host gets, on top of Settings.xml / the template: everything on one SQLite file under
    /// .data/, or with <see cref="AzureStorageConnectionString"/> the event store and message log in Table
    /// Storage and the blobs in Blob Storage (the transport and the relational stores stay on SQLite).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>
            {
                ["Conference__Database__Provider"] = "Sqlite",
                ["Conference__Database__ConnectionString"] = $"Data Source={DatabaseFile}",
                ["Conference__Email__PickupDirectory"] = MailDirectory,
                ["Conference__WaitingList__PublicSiteUrl"] = PublicSiteUrl,
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            };
            if (AzureStorageConnectionString is { } storage)
            {
                environment["Conference__EventStore__Kind"] = "AzureTable";
                environment["Conference__EventStore__ConnectionString"] = storage;
                environment["Conference__MessageLog__Kind"] = "AzureTable";
                environment["Conference__MessageLog__ConnectionString"] = storage;
                environment["Conference__Blobs__Kind"] = "AzureBlob";
                environment["Conference__Blobs__ConnectionString"] = storage;
            }

            return environment;
        }
    }

    /// <summary>The repository root (the folder with Conference.sln) above this program, else the working folder.</summary>
    public static LocalRun Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Conference.sln")))
            {
                return new LocalRun(folder.FullName);
            }
        }

        return new LocalRun(Directory.GetCurrentDirectory());
    }

    /// <summary>The built dll of <paramref name="project"/>, in the same configuration as this program (bin/Debug/net10.0 under `dotnet run`).</summary>
    public string HostDll(string project)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = own.Name;
        var configuration = own.Parent!.Name;
        return Path.Combine(Root, "src", project, "bin", configuration, framework, project + ".dll");
    }

    private static int Port(string variable, int fallback) =>
        System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? port
                : throw new InvalidOperationException($"{variable} must be a port number (1-65535), not '{value}'.")
            : fallback;

    public string ProjectDirectory(string project) => Path.Combine(Root, "src", project);
}
