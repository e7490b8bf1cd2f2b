using System.Collections.Concurrent;
using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Conference.AcceptanceTests.Drivers;

/// <summary>
/// Checks a page of the sites: axe-core finds no violation of impact serious or critical, and at
/// 375 × 812 (a small phone) nothing scrolls sideways and every visible button lies within the
/// screen. <see cref="PageAuditHooks"/> runs it on the page every step of a product scenario ends on.
/// </summary>
public static class PageAudit
{
    /// <summary>The small screen every page must fit: an iPhone X/11 Pro/12 mini class phone.</summary>
    public static readonly ViewportSize SmallScreen = new() { Width = 375, Height = 812 };

    private static readonly string[] FailingImpacts = ["serious", "critical"];

    // A page shape audited once is not audited again in the run: the suite passes the same pages
    // many times and each audit costs a second or two.
    private static readonly ConcurrentDictionary<string, bool> Audited = new(StringComparer.Ordinal);

    /// <summary>The problems found on the page as it is now; empty when it passes.</summary>
    public static async Task<IReadOnlyList<string>> FindProblemsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var problems = new List<string>();
        problems.AddRange(await AccessibilityViolationsAsync(page));
        problems.AddRange(await SmallScreenProblemsAsync(page));
        return problems;
    }

    /// <summary>
    /// Audits the page unless a page of the same shape (title, heading, messages shown) has passed
    /// in this run; throws naming every problem found.
    /// </summary>
    /// <returns>Whether the page was audited (false: a page of its shape passed before).</returns>
    public static async Task<bool> AuditOnceAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        // A step may end while the next page is still loading, and a waiting page may move on several
        // times in a row (each change of the order it waits for reloads it); audit the page it lands on.
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.WaitForLoadStateAsync(LoadState.Load);
                var key = await page.EvaluateAsync<string>(
                    "() => [document.title, document.querySelector('h1')?.textContent?.trim() ?? '', document.querySelector('.field-validation-error, .validation-summary-errors, .alert') ? 'messages' : ''].join('|')");
                if (Audited.ContainsKey(key))
                {
                    return false;
                }

                var problems = await FindProblemsAsync(page);
                if (problems.Count > 0)
                {
                    throw new PageAuditException($"The page {page.Url} fails its audit:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
                }

                Audited.TryAdd(key, true);
                return true;
            }
            catch (PlaywrightException) when (attempt < attempts && !page.IsClosed)
            {
                // The page navigated during the audit (a redirect, a page that refreshes itself): again on the new one.
            }
        }
    }

    /// <summary>axe-core's violations of impact serious or critical, one line per rule and element.</summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        var lines = new List<string>();
        foreach (var violation in result.Violations.Where(v => FailingImpacts.Contains(v.Impact, StringComparer.Ordinal)))
        {
            foreach (var node in violation.Nodes)
            {
                lines.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  axe {violation.Impact} {violation.Id} ({violation.Help}): {node.Target} {node.Html} {string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message))}"));
            }
        }

        return lines;
    }

    /// <summary>
    /// At 375 × 812: content wider than the screen (sideways scrolling) and visible buttons or links
    /// styled as buttons, and form fields not within the screen's width (cut off or scrolled out of a table). The viewport is put back afterwards.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SmallScreenProblemsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var original = page.ViewportSize;
        await page.SetViewportSizeAsync(SmallScreen.Width, SmallScreen.Height);
        try
        {
            return await SmallScreenLayoutProblemsAsync(page);
        }
        finally
        {
            if (original is not null)
            {
                await page.SetViewportSizeAsync(original.Width, original.Height);
            }
        }
    }

    /// <summary>The layout problems of the page at its current (small) viewport.</summary>
    public static async Task<IReadOnlyList<string>> SmallScreenLayoutProblemsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var found = await page.EvaluateAsync<string[]>(
            """
            () => {
              const problems = [];
              const width = window.innerWidth;
              const scrollWidth = document.documentElement.scrollWidth;
              if (scrollWidth > width) {
                const wide = [...document.body.querySelectorAll('*')]
                  .filter(e => e.getBoundingClientRect().right > width + 0.5)
                  .slice(0, 5)
                  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
                problems.push(`scrolls sideways at ${width} px: the page is ${scrollWidth} px wide (${wide.join(', ')})`);
              }
              for (const button of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a.btn')) {
                const box = button.getBoundingClientRect();
                if (box.width === 0 || box.height === 0 || getComputedStyle(button).visibility === 'hidden') continue;
                if (box.left < -0.5 || box.right > width + 0.5) {
                  problems.push(`the ${button.tagName.toLowerCase()} "${(button.labels?.[0]?.textContent ?? button.textContent).trim() || button.value || button.name}" lies outside the ${width} px screen (${Math.round(box.left)}..${Math.round(box.right)} px)`);
                }
              }
              return problems;
            }
            """);
        return [.. found.Select(p => "  small screen: " + p)];
    }

    /// <summary>Saves a full-page screenshot of the page as it is now.</summary>
    public static async Task SaveScreenshotAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 15_000 });
    }
}

/// <summary>A page failed its accessibility or small-screen audit.</summary>
public sealed class PageAuditException(string message) : Exception(message);
