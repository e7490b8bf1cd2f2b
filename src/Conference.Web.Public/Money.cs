using System.Globalization;

namespace Conference.Web.Public;

/// <summary>Prices in US dollars, as the book shows them ($1,249.00); the host runs without culture data.</summary>
public static class Money
{
    public static string Format(decimal amount) =>
        (amount < 0 ? "-$" : "$") + Math.Abs(amount).ToString("#,0.00", CultureInfo.InvariantCulture);
}
