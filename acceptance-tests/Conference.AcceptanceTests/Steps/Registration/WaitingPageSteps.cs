using Conference.AcceptanceTests.Drivers;
using Microsoft.Playwright;
using Reqnroll;

namespace Conference.AcceptanceTests.Steps.Registration;

/// <summary>
/// Waiting pages told by the server: a separate site and processor whose pages do not wait for the read
/// model (they show "please wait" at once) and whose own fallback reload is an hour away, so a page that
/// moves on within the step's timeout was moved on by its order's change stream. The processor is frozen
/// while the waiting page is looked at: otherwise a fast one reserves the seats, and the page moves on,
/// before the step has read it.
/// </summary>
[Binding]
[Scope(Tag = "registration")]
public sealed class WaitingPageSteps(RegistrationDriver system, BrowserDriver browser)
{
    private HostProcess? paused;

    private IPage Page => browser.Page;

    [Given("waiting pages give up at once and reload by themselves only after an hour")]
    public void GivenWaitingPagesGiveUpAtOnce() =>
        system.UseSeparateHosts("push", new Dictionary<string, string>
        {
            ["PublicSite__ReadModelWait"] = "00:00:00.001",
            ["PublicSite__WaitingPageFallback"] = "01:00:00",
        });

    [Given("the processor is paused")]
    public async Task GivenTheProcessorIsPaused() => paused = await system.PauseProcessorAsync();

    [When("the processor goes on")]
    public Task WhenTheProcessorGoesOn() => ResumeAsync();

    [AfterScenario]
    public Task ResumeAsync()
    {
        // Never leave a frozen processor behind, whatever step failed.
        var host = paused;
        paused = null;
        return host is null || host.HasExited ? Task.CompletedTask : host.ResumeAsync();
    }

    [When("the registrant reserves the seats and the site says it is still reserving them")]
    public async Task WhenTheRegistrantReservesAndTheSiteSaysItIsStillReserving()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Reserve these seats" }).ClickAsync();
        await Assertions.Expect(Page.Locator("h1")).ToHaveTextAsync("Reserving your seats");

        // With JavaScript on, the 3-second meta refresh is inside <noscript>: only the change stream can move the page.
        Assert.Equal(0, await Page.Locator("head > meta[http-equiv='refresh']").CountAsync());
        Assert.NotNull(await Page.Locator("#please-wait").GetAttributeAsync("data-changes-url"));
    }

    [Then("the registrant page shows without the page reloading itself")]
    public Task ThenTheRegistrantPageShows() =>
        Assertions.Expect(Page.Locator("#countdown, #nothing-reserved")).ToBeVisibleAsync(new() { Timeout = 60_000 });
}
