namespace Registration.IntegrationTests;

internal static class RepositoryFiles
{
    /// <summary>The settings template at the repository root: the tests run the real topology.</summary>
    public static string SettingsTemplate => Path.Combine(Root, "Settings.Template.xml");

    private static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Conference.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("Conference.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
