using System.Security.Cryptography;

namespace Registration;

/// <summary>Record locators that cannot be guessed from other orders' codes.</summary>
public static class AccessCode
{
    public const int Length = 6;

    // No 0/O or 1/I/L: registrants type these codes back in.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
