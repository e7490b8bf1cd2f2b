using System.Text;
using Microsoft.Playwright;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>
/// The scenario's browser: Chromium launched on first use, one context and page for the scenario
/// (a Reqnroll context object: every binding of the scenario that asks for it gets the same one),
/// closed by <see cref="BrowserHooks"/> when the scenario ends.
/// </summary>
public sealed class BrowserDriver : IAsyncDisposable
{
    // Playwright's node driver takes about a second to start and holds no browser state, so the
    // whole test process shares one; each scenario still gets its own Chromium.
    private static readonly Lazy<Task<IPlaywright>> SharedPlaywright = new(StartPlaywrightAsync);

    private IBrowser? browser;
    private IBrowserContext? context;
    private IPage? page;

    /// <summary>Whether Chromium was started in this scenario.</summary>
    public bool IsStarted => page is not null;

    /// <summary>The page, once <see cref="GetPageAsync"/> has started the browser.</summary>
    public IPage Page => page ?? throw new InvalidOperationException($"The browser is not started: call {nameof(GetPageAsync)} first.");

    public IBrowser Browser => browser ?? throw new InvalidOperationException($"The browser is not started: call {nameof(GetPageAsync)} first.");

    /// <summary>Starts Chromium (once per scenario) and returns the scenario's page.</summary>
    public async Task<IPage> GetPageAsync()
    {
        if (page is not null)
        {
            return page;
        }

        var playwright = await SharedPlaywright.Value;
        browser = await playwright.Chromium.LaunchAsync(Chromium.LaunchOptions());
        context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", TimezoneId = "UTC" });

        // Short enough that a missing element fails its step within seconds instead of holding the run.
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(30_000);

        // Expect(...) has its own bound (5 s unless told): on a 2-core machine running every test assembly at
        // once a redirect and the page after it can take longer than that, so assertions wait as long as actions.
        Assertions.SetDefaultExpectTimeout(15_000);
        page = await context.NewPageAsync();
        return page;
    }

    /// <summary>Opens a URL and waits for the page to load.</summary>
    public async Task<IPage> GoToAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var current = await GetPageAsync();
        var response = await current.GotoAsync(url.ToString());
        if (response is not null && response.Status >= 500)
        {
            throw new InvalidOperationException($"GET {url} answered {response.Status} {response.StatusText}.");
        }

        return current;
    }

    /// <summary>
    /// Saves a full-page screenshot and the page's HTML as .test-results/acceptance/&lt;name&gt;.png and
    /// .html; returns their full paths (none when the browser was never started or the page is closed).
    /// </summary>
    public async Task<IReadOnlyList<string>> SaveFailureArtifactsAsync(string name)
    {
        if (page is null || page.IsClosed)
        {
            return [];
        }

        Directory.CreateDirectory(RepositoryPaths.FailureArtifacts);
        var screenshot = Path.Combine(RepositoryPaths.FailureArtifacts, name + ".png");
        var html = Path.Combine(RepositoryPaths.FailureArtifacts, name + ".html");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true, Timeout = 15_000 });
        await File.WriteAllTextAsync(html, await page.ContentAsync());
        return [screenshot, html];
    }

    public async ValueTask DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        page = null;
        context = null;
        browser = null;
    }

    private static async Task<IPlaywright> StartPlaywrightAsync()
    {
        var playwright = await Playwright.CreateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => playwright.Dispose();
        return playwright;
    }

    /// <summary>A file name from the scenario's title (and outline row values): letters, digits, '-' and '_' only.</summary>
    public static string FileName(string title, IEnumerable<string> rowValues)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rowValues);
        var full = string.Join(" ", rowValues.Prepend(title));
        var name = new StringBuilder();
        foreach (var c in full)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_');
        }

        var cleaned = name.ToString().Trim('_');
        while (cleaned.Contains("__", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("__", "_", StringComparison.Ordinal);
        }

        return cleaned.Length > 120 ? cleaned[..120] : cleaned;
    }
}
