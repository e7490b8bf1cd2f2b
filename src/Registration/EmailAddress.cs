using System.Net.Mail;

namespace Registration;

internal static class EmailAddress
{
    /// <summary>A bare address (no display name), as typed in a registration form.</summary>
    public static bool IsValid(string? email) =>
        !string.IsNullOrWhiteSpace(email) && MailAddress.TryCreate(email, out var address) && address.Address == email;
}
