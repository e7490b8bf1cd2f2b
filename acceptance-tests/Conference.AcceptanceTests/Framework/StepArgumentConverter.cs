using System.ComponentModel;
using System.Globalization;

namespace Conference.AcceptanceTests.Framework;

/// <summary>
/// Turns the text of a step (captured values, table cells) into a method's parameter type, always with
/// the invariant culture so that "12.50" means the same on every machine.
/// </summary>
public static class StepArgumentConverter
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static object? Convert(string? text, Type targetType)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        var underlying = Nullable.GetUnderlyingType(targetType);
        if (underlying is not null)
        {
            return string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), "null", StringComparison.OrdinalIgnoreCase)
                ? null
                : Convert(text, underlying);
        }

        if (targetType == typeof(string) || targetType == typeof(object))
        {
            return text;
        }

        if (text is null)
        {
            return targetType.IsValueType
                ? throw new FormatException($"No value was captured for a {targetType.Name}.")
                : null;
        }

        var value = text.Trim();
        try
        {
            if (targetType.IsEnum)
            {
                // "Full price" reads as FullPrice: steps are written in prose.
                var name = value.Replace(" ", string.Empty, StringComparison.Ordinal);
                return Enum.Parse(targetType, name, ignoreCase: true);
            }

            if (targetType == typeof(bool))
            {
                return value.ToUpperInvariant() switch
                {
                    "TRUE" or "YES" or "Y" => true,
                    "FALSE" or "NO" or "N" => false,
                    _ => throw new FormatException($"'{value}' is not true/false/yes/no."),
                };
            }

            if (targetType == typeof(Guid))
            {
                return Guid.Parse(value);
            }

            if (targetType == typeof(DateTime))
            {
                return DateTime.Parse(value, Culture, DateTimeStyles.AssumeLocal);
            }

            if (targetType == typeof(DateTimeOffset))
            {
                return DateTimeOffset.Parse(value, Culture, DateTimeStyles.AssumeLocal);
            }

            if (targetType == typeof(DateOnly))
            {
                return DateOnly.Parse(value, Culture);
            }

            if (targetType == typeof(TimeOnly))
            {
                return TimeOnly.Parse(value, Culture);
            }

            if (targetType == typeof(TimeSpan))
            {
                return TimeSpan.Parse(value, Culture);
            }

            if (targetType == typeof(Uri))
            {
                return new Uri(value, UriKind.RelativeOrAbsolute);
            }

            if (typeof(IConvertible).IsAssignableFrom(targetType))
            {
                return System.Convert.ChangeType(value, targetType, Culture);
            }

            var converter = TypeDescriptor.GetConverter(targetType);
            if (converter.CanConvertFrom(typeof(string)))
            {
                return converter.ConvertFromInvariantString(value);
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException or NotSupportedException)
        {
            throw new FormatException($"'{text}' cannot be converted to {Describe(targetType)}: {e.Message}", e);
        }

        throw new FormatException($"There is no conversion from text to {Describe(targetType)}.");
    }

    internal static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? inner.Name + "?" : type.Name;
}
