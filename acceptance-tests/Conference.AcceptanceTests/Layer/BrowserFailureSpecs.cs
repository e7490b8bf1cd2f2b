using Conference.AcceptanceTests.Drivers;

namespace Conference.AcceptanceTests.Layer;

/// <summary>What the browser driver saves when a scenario fails: a full-page screenshot and the page's HTML.</summary>
public sealed class BrowserFailureSpecs
{
    [Fact]
    public async Task A_started_browser_saves_a_full_page_screenshot_and_the_html()
    {
        var screenshot = Path.Combine(RepositoryPaths.FailureArtifacts, "Layer_self-test_-_Deliberately_failing_browser_step.png");
        var html = Path.ChangeExtension(screenshot, ".html");
        await using var formApp = new FormAppDriver();
        await using var browser = new BrowserDriver();
        try
        {
            await formApp.StartAsync();
            await browser.GoToAsync(formApp.BaseAddress);

            var saved = await browser.SaveFailureArtifactsAsync(BrowserDriver.FileName("Layer self-test - Deliberately failing browser step", []));

            Assert.Equal([screenshot, html], saved);
            var png = await File.ReadAllBytesAsync(screenshot);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png.Take(4));
            Assert.True(png.Length > 1000, "a real screenshot, not an empty file");
            Assert.Contains("<label for=\"name\">Name</label>", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
        }
        finally
        {
            // It is a deliberate failure: leave nothing that looks like a real one in .test-results.
            File.Delete(screenshot);
            File.Delete(html);
        }
    }

    [Fact]
    public async Task A_browser_never_started_saves_nothing()
    {
        await using var browser = new BrowserDriver();
        Assert.Empty(await browser.SaveFailureArtifactsAsync("Never started"));
        Assert.False(File.Exists(Path.Combine(RepositoryPaths.FailureArtifacts, "Never started.png")));
    }

    [Fact]
    public void File_names_keep_letters_digits_and_dashes_and_add_an_outline_rows_values()
    {
        Assert.Equal("Self-registration_-_A_registrant_orders_2_Workshop", BrowserDriver.FileName("Self-registration - A registrant orders", ["2", "Workshop"]));
    }
}
