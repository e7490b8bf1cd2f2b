using System.Net;
using System.Text.RegularExpressions;

namespace Conference.Web.Admin.Tests;

/// <summary>An answer of the site: status, HTML and the redirect target.</summary>
public sealed partial record Page(HttpStatusCode Status, string Html, string? Location)
{
    /// <summary>The visible text, decoded, with whitespace collapsed.</summary>
    public string Text => Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(Html, " ")), " ");

    /// <summary>The path of the redirect target (the cookie handler's targets are absolute URLs).</summary>
    public string? LocationPath => Location is null ? null : new Uri(new Uri("http://localhost"), Location).AbsolutePath;

    /// <summary>The antiforgery token of the page's first form, if any.</summary>
    public string? Token => TokenPattern().Match(Html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The decoded text of the element with this id, or null.</summary>
    public string? ById(string id)
    {
        var match = Regex.Match(Html, $"id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>A browser-like client: keeps cookies, does not follow redirects, posts forms with the page's antiforgery token.</summary>
public sealed class AdminClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<Page> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        return await ReadAsync(response);
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of the page at <paramref name="tokenFrom"/> (default: <paramref name="path"/>).</summary>
    public async Task<Page> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var form = await GetAsync(tokenFrom ?? path);
        var token = form.Token ?? throw new InvalidOperationException($"{tokenFrom ?? path} has no form with an antiforgery token ({form.Status}).");
        return await PostWithoutTokenAsync(path, fields.Append(new("__RequestVerificationToken", token)));
    }

    public async Task<Page> PostWithoutTokenAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(new Uri(path, UriKind.RelativeOrAbsolute), content);
        return await ReadAsync(response);
    }

    /// <summary>Follows a redirect answer with a GET.</summary>
    public Task<Page> FollowAsync(Page page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.True(page.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"Expected a redirect, got {page.Status}: {page.Text}");
        return GetAsync(page.Location!);
    }

    public void Dispose() => http.Dispose();

    private static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
}
