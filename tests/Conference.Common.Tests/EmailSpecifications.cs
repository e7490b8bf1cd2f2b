using Infrastructure.Email;


namespace Conference.Common.Tests;

public sealed class given_the_pickup_folder_email_sender : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "conference-mail-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task when_a_message_is_sent_then_an_eml_file_with_its_headers_and_body_is_written()
    {
        var sender = new PickupDirectoryEmailSender(folder, "conference@localhost", TimeProvider.System);

        await sender.SendAsync(new EmailMessage("order-42", "ana@example.com", "Your access code", "Code: ABC123\nSee you there."), default);

        var text = await File.ReadAllTextAsync(Path.Combine(folder, "order-42.eml"));
        Assert.Contains("To: ana@example.com\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Subject: Your access code\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Message-Id: <order-42@conference>\r\n", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\n\r\nCode: ABC123\r\nSee you there.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_the_subject_is_not_ascii_then_the_header_is_encoded_and_reads_back_the_same()
    {
        var sender = new PickupDirectoryEmailSender(folder, "conference@localhost", TimeProvider.System);

        await sender.SendAsync(new EmailMessage("order-43", "zoe@example.com", "Ihre Bestätigung für Zoë", "Grüße"), default);

        var path = Path.Combine(folder, "order-43.eml");
        var headers = (await File.ReadAllTextAsync(path)).Split("\r\n\r\n")[0];
        Assert.All(headers, c => Assert.True(c < 128, $"a raw non-ASCII character in the headers: {headers}"));
        using var message = await MimeKit.MimeMessage.LoadAsync(path);
        Assert.Equal("Ihre Bestätigung für Zoë", message.Subject);
        Assert.Equal("Grüße", message.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task when_the_same_message_is_sent_twice_then_there_is_one_file()
    {
        var sender = new PickupDirectoryEmailSender(folder, "conference@localhost", TimeProvider.System);
        var message = new EmailMessage("order/42", "ana@example.com", "Your access code", "Code: ABC123");

        await sender.SendAsync(message, default);
        await sender.SendAsync(message, default);

        Assert.Equal(["order_42.eml"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }
}
