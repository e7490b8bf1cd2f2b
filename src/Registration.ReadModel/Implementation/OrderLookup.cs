namespace Registration.ReadModel.Implementation;

/// <summary>How emails and access codes are compared when an order is located: trimmed, case ignored.</summary>
internal static class OrderLookup
{
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();
}
