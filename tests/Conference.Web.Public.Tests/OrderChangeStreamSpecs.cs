using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.RegularExpressions;
using Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel;

namespace Conference.Web.Public.Tests;

/// <summary>
/// The order change streams, over real HTTP: two instances of the site on Kestrel, beside the processor,
/// on one database. A browser places an order through one instance and listens on the other: the other's
/// watcher reads the change the processor's generators recorded and tells the stream.
/// </summary>
[Collection(PublicSiteCollection.Name)]
public sealed partial class OrderChangeStreamSpecs(PublicSiteFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> first = null!;
    private WebApplicationFactory<Program> second = null!;

    public Task InitializeAsync()
    {
        first = Kestrel(fixture.CreateSite());
        second = Kestrel(fixture.CreateSite());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task given_a_browser_listening_on_its_order_at_another_instance_when_the_processor_changes_the_order_then_the_stream_says_changed()
    {
        using var browser = Browser();
        var (orderId, page) = await PlaceOrderAsync(browser, first);
        var since = await fixture.Processor.GetRequiredService<OrderChangeFeed>().LatestSequenceAsync(default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await browser.GetAsync(StreamUrl(second, orderId, since), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        // The first heartbeat comes once the stream listens and found nothing newer than "since".
        Assert.Equal("heartbeat", (await NextAsync(events)).EventType);
        var details = await Pages.PostFormAsync(browser, Url(first, $"/{fixture.Book.Slug}/registration/{orderId}"), page, [new("Form.FirstName", "Ann"), new("Form.LastName", "Lee"), new("Form.Email", "ann@example.com")]);
        Assert.Equal(HttpStatusCode.Redirect, details.StatusCode);

        var changed = await NextAsync(events, e => e.EventType != "heartbeat");
        Assert.Equal("changed", changed.EventType);
        Assert.True(long.Parse(changed.Data, CultureInfo.InvariantCulture) > since);
    }

    [Fact]
    public async Task given_an_order_that_changed_before_the_browser_listened_when_it_listens_from_before_the_change_then_it_is_told_at_once()
    {
        using var browser = Browser();
        var since = await fixture.Processor.GetRequiredService<OrderChangeFeed>().LatestSequenceAsync(default);
        var (orderId, _) = await PlaceOrderAsync(browser, first);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await browser.GetAsync(StreamUrl(second, orderId, since), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.Equal("changed", (await NextAsync(events)).EventType);
    }

    [Fact]
    public async Task given_an_instance_whose_watcher_is_behind_when_it_hears_changes_at_or_before_since_then_the_stream_tells_only_the_later_one()
    {
        using var browser = Browser();
        var (orderId, _) = await PlaceOrderAsync(browser, first);
        var since = await fixture.Processor.GetRequiredService<OrderChangeFeed>().LatestSequenceAsync(default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await browser.GetAsync(StreamUrl(second, orderId, since), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await using var events = SseParser.Create(await response.Content.ReadAsStreamAsync(timeout.Token)).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.Equal("heartbeat", (await NextAsync(events)).EventType);

        // What a lagging watcher passes on: changes the page had already read, heard again, then news.
        var hub = second.Services.GetRequiredService<OrderChangeHub>();
        hub.Publish(new OrderChange(since - 1, orderId));
        hub.Publish(new OrderChange(since, orderId));
        hub.Publish(new OrderChange(since + 1_000_000, orderId));

        var changed = await NextAsync(events, e => e.EventType != "heartbeat");
        Assert.Equal("changed", changed.EventType);
        Assert.Equal(since + 1_000_000, long.Parse(changed.Data, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task given_someone_elses_order_when_a_browser_asks_for_its_changes_then_it_is_refused_as_not_found()
    {
        using var owner = Browser();
        var (orderId, _) = await PlaceOrderAsync(owner, first);
        using var stranger = Browser();

        using var response = await stranger.GetAsync(StreamUrl(second, orderId, 0));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("no-such-conference", "0")]
    [InlineData(null, "-1")]
    [InlineData(null, "")]
    public async Task given_the_owner_when_the_conference_or_the_position_is_wrong_then_the_stream_is_refused_as_not_found(string? conference, string since)
    {
        using var owner = Browser();
        var (orderId, _) = await PlaceOrderAsync(owner, first);

        using var response = await owner.GetAsync(Url(second, $"/{conference ?? fixture.Book.Slug}/orders/{orderId}/changes?since={since}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("ChangeFeedPollInterval", "00:00:00")]
    [InlineData("ChangeHeartbeat", "-00:00:01")]
    [InlineData("WaitingPageFallback", "soon")]
    public void given_a_change_setting_that_is_not_a_positive_duration_when_the_site_reads_its_options_then_it_refuses_to_start(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("PublicSite:" + key, (string?)value)]).Build();

        var error = Assert.Throws<InvalidSettingException>(() => PublicSiteOptions.From(configuration));

        Assert.Contains("PublicSite." + key, error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Kestrel(WebApplicationFactory<Program> site)
    {
        site.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        site.StartServer();
        return site;
    }

    /// <summary>A browser: its own cookies (shared by both instances, as by a load balancer's), redirects not followed.</summary>
    private static HttpClient Browser() =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

    private static string Url(WebApplicationFactory<Program> site, string path)
    {
        var address = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return address.TrimEnd('/') + path;
    }

    private string StreamUrl(WebApplicationFactory<Program> site, Guid orderId, long since) =>
        Url(site, $"/{fixture.Book.Slug}/orders/{orderId}/changes?since={since.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Places an order for one seat and follows its pages until the registrant details form shows.</summary>
    private async Task<(Guid OrderId, string Page)> PlaceOrderAsync(HttpClient browser, WebApplicationFactory<Program> site)
    {
        var selection = await browser.GetStringAsync(Url(site, $"/{fixture.Book.Slug}/register"));
        var orderId = Guid.Parse(OrderIdPattern().Match(selection).Groups[1].Value);
        var response = await Pages.PostFormAsync(browser, Url(site, $"/{fixture.Book.Slug}/register"), selection,
        [
            new("Form.OrderId", orderId.ToString()),
            new("Form.Seats[0].SeatType", fixture.Book.SeatTypes["General admission"].ToString()),
            new("Form.Seats[0].Quantity", "1"),
        ]);
        var url = Url(site, Pages.Location(response));
        await PublicSiteFixture.WaitForAsync(async () => (await browser.GetStringAsync(url)).Contains("registrant-details", StringComparison.Ordinal), "the registrant details form");
        return (orderId, await browser.GetStringAsync(url));
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> events, Func<SseItem<string>, bool>? wanted = null)
    {
        while (await events.MoveNextAsync())
        {
            if (wanted is null || wanted(events.Current))
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    [GeneratedRegex("id=\"Form_OrderId\" name=\"Form.OrderId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex OrderIdPattern();
}
