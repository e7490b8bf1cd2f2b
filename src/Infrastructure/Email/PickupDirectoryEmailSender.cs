using System.Globalization;
using System.Text;

namespace Infrastructure.Email;

/// <summary>Writes each message as an .eml file (RFC 5322, plain text) into a folder: local runs and tests read them there.</summary>
public sealed class PickupDirectoryEmailSender(string directory, string from, TimeProvider clock) : IEmailSender
{
    public string Directory => directory;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        System.IO.Directory.CreateDirectory(directory);
        var name = string.Concat(message.Id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".eml";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From: {from}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {message.To}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: {message.Subject}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {clock.GetUtcNow():r}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Message-ID: <{message.Id}@conference>\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(message.Body.ReplaceLineEndings("\r\n"))
            .ToString();

        // Written aside then moved, so a reader never sees half a message.
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
