using MimeKit;

namespace Infrastructure.Email;

/// <summary>
/// Writes each message as an .eml file into a folder: local runs and tests read them there. MimeKit
/// writes it, as it does for SMTP, so headers outside ASCII (a registrant's name in the subject) are
/// encoded as RFC 2047 asks.
/// </summary>
public sealed class PickupDirectoryEmailSender(string directory, string from, TimeProvider clock) : IEmailSender
{
    // RFC 5322 lines end in CRLF whatever the platform.
    private static readonly FormatOptions Format = CreateFormat();

    public string Directory => directory;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        System.IO.Directory.CreateDirectory(directory);
        var name = string.Concat(message.Id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')) + ".eml";
        using var mime = MimeEmail.Compose(message, from, clock.GetUtcNow());

        // Written aside then moved, so a reader never sees half a message.
        var path = Path.Combine(directory, name);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await mime.WriteToAsync(Format, file, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
