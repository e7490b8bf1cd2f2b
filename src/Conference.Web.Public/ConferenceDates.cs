using System.Globalization;

namespace Conference.Web.Public;

/// <summary>Conference dates as people write them: "June 3–5, 2027", "June 30 – July 2, 2027" (the host runs without culture data).</summary>
public static class ConferenceDates
{
    public static string Format(DateTimeOffset start, DateTimeOffset end)
    {
        var (first, last) = (start.Date, end.Date < start.Date ? start.Date : end.Date);
        var culture = CultureInfo.InvariantCulture;
        if (first == last)
        {
            return first.ToString("MMMM d, yyyy", culture);
        }

        if (first.Year == last.Year && first.Month == last.Month)
        {
            return $"{first.ToString("MMMM d", culture)}\u2013{last.ToString("d, yyyy", culture)}";
        }

        return first.Year == last.Year
            ? $"{first.ToString("MMMM d", culture)} \u2013 {last.ToString("MMMM d, yyyy", culture)}"
            : $"{first.ToString("MMMM d, yyyy", culture)} \u2013 {last.ToString("MMMM d, yyyy", culture)}";
    }
}
