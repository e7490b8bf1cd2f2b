using System.Security.Cryptography;

namespace Conference;

/// <summary>The code a business customer uses, with their email, to find their conference again.</summary>
public static class ConferenceAccessCode
{
    public const int Length = 6;

    // Without 0/O and 1/I/L, which people confuse when typing the code back in.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Cryptographically random, so one code says nothing about another.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Codes are compared ignoring case and surrounding spaces.</summary>
    public static string Normalize(string accessCode)
    {
        ArgumentNullException.ThrowIfNull(accessCode);
        return accessCode.Trim().ToUpperInvariant();
    }
}
