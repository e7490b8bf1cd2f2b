using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Conference.AcceptanceTests.Layer;

/// <summary>
/// A tiny site with one form, for testing the layer without the real sites: in process for the
/// browser scenarios, and as a child process (Program's serve-form-app verb) for HostProcess.
/// </summary>
public static class FormApp
{
    /// <summary>Read by GET /greeting, so that a test can see a HostProcess's environment arrive.</summary>
    public const string GreetingVariable = "FORM_APP_GREETING";

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        app.MapGet("/", () => Html("Register", """
            <h1>Register</h1>
            <form method="post" action="/register">
              <label for="name">Name</label>
              <input id="name" name="name" required>
              <label for="seats">Seats</label>
              <input id="seats" name="seats" type="number" min="1" value="1">
              <button type="submit">Register</button>
            </form>
            """));

        app.MapPost("/register", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var name = form["name"].ToString();
            if (string.IsNullOrWhiteSpace(name) || !int.TryParse(form["seats"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seats) || seats < 1)
            {
                return Html("Invalid", "<h1>Invalid</h1><p id=\"result\">A name and at least one seat are needed.</p>", StatusCodes.Status400BadRequest);
            }

            return Html("Registered", $"<h1>Registered</h1><p id=\"result\">{WebUtility.HtmlEncode(name)} has {seats} seat(s).</p>");
        });

        app.MapGet("/greeting", () => Environment.GetEnvironmentVariable(GreetingVariable) ?? "(none)");
        return app;
    }

    /// <summary>Starts the app in this process on a free loopback port.</summary>
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(CancellationToken cancellationToken = default)
    {
        var app = Build([]);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(cancellationToken);

        // Port 0 lets Kestrel choose; after start, Urls holds the address it actually bound.
        return (app, new Uri(app.Urls.First() + "/"));
    }

    private static IResult Html(string title, string body, int status = StatusCodes.Status200OK) =>
        Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>",
            "text/html; charset=utf-8",
            statusCode: status);
}
