using System.Security.Cryptography;
using System.Text;

namespace Discounts.Contracts;

/// <summary>
/// A code's identity is its conference and its text, case-insensitively: the aggregate id is derived
/// from both, so the same code cannot be defined twice for a conference and anyone holding the text
/// finds the aggregate without a lookup table.
/// </summary>
public static class PromotionalCodeIdentity
{
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Trim().ToUpperInvariant();
    }

    /// <summary>An RFC 9562 version 8 id over SHA-256 of the conference id and the normalized code.</summary>
    public static Guid IdOf(Guid conferenceId, string code)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"promotional-code:{conferenceId:N}:{Normalize(code)}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
