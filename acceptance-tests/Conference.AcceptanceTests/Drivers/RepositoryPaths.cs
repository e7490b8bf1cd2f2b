namespace Conference.AcceptanceTests.Drivers;

/// <summary>Folders of the repository as seen from the test assembly (found by walking up to Conference.sln).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding Conference.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Where failed scenarios leave screenshots and page HTML: .test-results/acceptance.</summary>
    public static string FailureArtifacts => Path.Combine(Root, ".test-results", "acceptance");

    /// <summary>A path as messages show it: relative to the repository root when inside it.</summary>
    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }

    /// <summary>
    /// A host project's built dll, e.g. HostDll("Conference.Web.Public") → src/Conference.Web.Public/bin/Debug/net10.0/Conference.Web.Public.dll,
    /// in the configuration this test assembly was built in.
    /// </summary>
    public static string HostDll(string project, string folder = "src")
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = directory.Name;
        var configuration = directory.Parent?.Name ?? "Debug";
        return Path.Combine(Root, folder, project, "bin", configuration, targetFramework, project + ".dll");
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conference.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Conference.sln above {AppContext.BaseDirectory}: the acceptance tests run from the repository's build output.");
    }
}
