using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Conference.LoadTest;

/// <summary>
/// One registrant buying one seat through the public site, as a browser without JavaScript does:
/// the seat-selection page, its form posted with the antiforgery token, the registrant page (its
/// refresh followed until the priced order shows), the details form, the payment page's Accept, and
/// the thank-you page. Cookies (antiforgery, order access) are kept per registrant.
/// </summary>
internal sealed class Registrant(HttpClient http, Uri site, string conferenceSlug, Stopwatch clock)
{
    // Between two looks at a "please wait" page: the server already waits for the read model before answering.
    private static readonly TimeSpan RefreshBackoff = TimeSpan.FromMilliseconds(5);

    private static readonly HtmlParser Parser = new();

    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public async Task PurchaseAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        purchase.Started = clock.Elapsed;
        var register = new Uri(site, $"/{conferenceSlug}/register");
        var (selection, _) = await GetPageAsync(register, purchase, "seat selection", cancellationToken);
        var form = FindForm(selection, "seat-selection") ?? throw new PurchaseException("seat selection: no form");
        var fields = Fields(form);
        var quantity = form.QuerySelector("select.seat-quantity")?.GetAttribute("name") ?? throw new PurchaseException("seat selection: no seat type on sale");
        fields[quantity] = "1";
        purchase.OrderId = Guid.TryParse(fields.GetValueOrDefault("Form.OrderId"), out var orderId) ? orderId : Guid.Empty;

        purchase.Registered = clock.Elapsed;
        var registrantPage = await PostAsync(register, fields, purchase, "register", cancellationToken);

        // The registrant page once the priced order is shown: its details form.
        var details = await FollowUntilAsync(registrantPage, page => FindForm(page, "registrant-details") is not null, purchase, "registrant page", cancellationToken);
        purchase.Priced = clock.Elapsed;
        var paymentPage = details;

        // The site shows the form again, asking to submit again, when the read model has not taken the details within its wait.
        for (var detailsForm = FindForm(details.Document, "registrant-details"); detailsForm is not null; detailsForm = FindForm(paymentPage.Document, "registrant-details"))
        {
            if (paymentPage != details)
            {
                purchase.Resubmits++;
            }

            var detailsFields = Fields(detailsForm);
            detailsFields["Form.FirstName"] = "Load";
            detailsFields["Form.LastName"] = "Test";
            detailsFields["Form.Email"] = $"registrant-{purchase.Number}@loadtest.example";
            paymentPage = await PostAsync(Action(paymentPage.Address, detailsForm), detailsFields, purchase, "registrant details", cancellationToken);
        }

        var payment = await FollowUntilAsync(paymentPage, page => AcceptForm(page) is not null, purchase, "payment page", cancellationToken);
        var accept = AcceptForm(payment.Document)!;
        var thankYouPage = await PostAsync(Action(payment.Address, accept), Fields(accept), purchase, "payment accept", cancellationToken);

        await FollowUntilAsync(thankYouPage, page => page.GetElementById("access-code") is not null, purchase, "thank-you page", cancellationToken);
        purchase.Confirmed = clock.Elapsed;
    }

    private static IHtmlFormElement? FindForm(IHtmlDocument page, string id) => page.GetElementById(id) as IHtmlFormElement;

    private static IHtmlFormElement? AcceptForm(IHtmlDocument page) =>
        page.QuerySelectorAll("form").OfType<IHtmlFormElement>().FirstOrDefault(f => f.GetAttribute("action")?.EndsWith("/accept", StringComparison.Ordinal) == true);

    private static Uri Action(Uri page, IHtmlFormElement form) => new(page, form.GetAttribute("action") ?? page.PathAndQuery);

    /// <summary>The values a browser would submit: hidden and text inputs, and each select's selected option.</summary>
    private static Dictionary<string, string> Fields(IHtmlFormElement form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            fields[input.Name!] = input.Value;
        }

        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>())
        {
            fields[select.Name!] = select.Value ?? string.Empty;
        }

        return fields;
    }

    /// <summary>Follows the page's meta refresh (and redirects) until <paramref name="arrived"/> holds.</summary>
    private async Task<(IHtmlDocument Document, Uri Address)> FollowUntilAsync(
        (IHtmlDocument Document, Uri Address) page,
        Func<IHtmlDocument, bool> arrived,
        Purchase purchase,
        string step,
        CancellationToken cancellationToken)
    {
        while (!arrived(page.Document))
        {
            if (page.Document.GetElementById("please-wait") is null)
            {
                var heading = page.Document.QuerySelector("h1")?.TextContent.Trim() ?? "no heading";
                throw new PurchaseException($"{step}: unexpected page '{heading}'");
            }

            var refresh = page.Document.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content") is { } content && content.IndexOf("url=", StringComparison.OrdinalIgnoreCase) is var at and >= 0
                ? new Uri(page.Address, content[(at + 4)..])
                : page.Address;
            purchase.Refreshes++;
            await Task.Delay(RefreshBackoff, cancellationToken);
            page = await GetPageAsync(refresh, purchase, step, cancellationToken);
        }

        return page;
    }

    private Task<(IHtmlDocument Document, Uri Address)> GetPageAsync(Uri address, Purchase purchase, string step, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, address), purchase, step, cancellationToken);

    private async Task<(IHtmlDocument Document, Uri Address)> PostAsync(Uri address, Dictionary<string, string> fields, Purchase purchase, string step, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, address) { Content = content }, purchase, step, cancellationToken);
    }

    /// <summary>Sends with this registrant's cookies and follows redirects to the page they end on.</summary>
    private async Task<(IHtmlDocument Document, Uri Address)> SendAsync(HttpRequestMessage request, Purchase purchase, string step, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var address = request.RequestUri!;
            purchase.Requests++;
            using var response = await http.SendAsync(request, cancellationToken);
            request.Dispose();
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    var pair = setCookie.Split(';', 2)[0];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        cookies[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
                    }
                }
            }

            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (redirects >= 10)
                {
                    throw new PurchaseException($"{step}: too many redirects");
                }

                request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, location));
                continue;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new PurchaseException($"{step}: HTTP {status}");
            }

            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            return (await Parser.ParseDocumentAsync(html, cancellationToken), address);
        }
    }
}

/// <summary>A purchase that went wrong in a way the registrant sees (a status, a page it did not expect).</summary>
internal sealed class PurchaseException(string kind) : Exception(kind)
{
    public string Kind => Message;
}
