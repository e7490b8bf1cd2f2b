using Conference.AcceptanceTests.Drivers;

namespace Conference.AcceptanceTests.Layer;

/// <summary>What the page audit finds: axe-core's serious and critical violations, and layouts wider than a phone.</summary>
public sealed class PageAuditSpecs
{
    [Fact]
    public async Task A_page_with_an_unlabelled_field_and_an_image_without_text_fails_the_accessibility_audit()
    {
        await using var browser = new BrowserDriver();
        var page = await browser.GetPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title></head><body><main><h1>Bad</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><input type=\"text\"></main></body></html>");

        var problems = await PageAudit.AccessibilityViolationsAsync(page);

        Assert.Contains(problems, p => p.Contains("image-alt", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_labelled_page_passes_the_accessibility_audit()
    {
        await using var browser = new BrowserDriver();
        var page = await browser.GetPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>Good</title></head><body><main><h1>Good</h1><label for=\"n\">Name</label><input id=\"n\" type=\"text\"></main></body></html>");

        Assert.Empty(await PageAudit.FindProblemsAsync(page));
    }

    [Fact]
    public async Task A_page_wider_than_a_phone_or_a_button_off_its_screen_fails_the_small_screen_check_and_the_viewport_is_restored()
    {
        await using var browser = new BrowserDriver();
        var page = await browser.GetPageAsync();
        var desktop = page.ViewportSize;
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>Wide</title></head><body><main><h1>Wide</h1><table><tr><td style=\"min-width: 600px\">wide</td><td><button>Save</button></td></tr></table></main></body></html>");

        var problems = await PageAudit.SmallScreenProblemsAsync(page);

        Assert.Contains(problems, p => p.Contains("scrolls sideways at 375 px", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("button \"Save\" lies outside", StringComparison.Ordinal));
        Assert.Equal(desktop?.Width, page.ViewportSize?.Width);
    }
}
