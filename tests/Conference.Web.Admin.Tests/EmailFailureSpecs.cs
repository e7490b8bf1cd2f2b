using System.Net;
using System.Net.Sockets;
using Infrastructure.Email;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Web.Admin.Tests;

/// <summary>The one replaced part: an email server that refuses every message.</summary>
public sealed class UnreachableEmailSender : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken) =>
        throw new SocketException((int)SocketError.ConnectionRefused);
}

public sealed class EmailFailureSpecs(AdminSiteFactory site) : IClassFixture<AdminSiteFactory>
{
    [Fact]
    public async Task given_the_email_cannot_be_sent_when_a_conference_is_created_then_it_exists_and_the_page_shows_the_code_and_says_so()
    {
        using var failing = site.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IEmailSender, UnreachableEmailSender>()));
        using var client = new AdminClient(failing.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        var slug = Forms.UniqueSlug();

        var created = await client.PostAsync("/conferences/create", Forms.Conference(slug));

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var page = await client.FollowAsync(created);
        var conference = await site.ConferenceAsync(slug);
        Assert.Equal(conference.AccessCode, page.ById("created-access-code"));
        Assert.Contains("The email with the access code could not be sent to owner@contoso.com.", page.Text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(site.MailDirectory) && Directory.GetFiles(site.MailDirectory).Length > 0);
    }
}
