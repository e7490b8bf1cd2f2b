using System.ComponentModel;
using System.Reflection;
using Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Conference.Common.Settings;

/// <summary>
/// Binds <see cref="ConferenceOptions"/> with the configuration binder; a value the binder cannot
/// convert is reported as a setting (<c>Registration.ReservationWindow</c> and its variable), not as
/// the binder's exception.
/// </summary>
public static class ConferenceOptionsBinding
{
    public static ConferenceOptions Bind(IConfiguration configuration)
    {
        var options = new ConferenceOptions();
        Bind(configuration, options);
        return options;
    }

    /// <summary>Binds the <c>Conference</c> section onto <paramref name="options"/> (the options pattern's own instance).</summary>
    public static void Bind(IConfiguration configuration, ConferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ConferenceOptions.Section);
        foreach (var element in section.GetChildren().Where(c => !string.IsNullOrEmpty(c.Value)))
        {
            // Conference__Database=x, or text inside an element: only attributes are settings.
            throw new InvalidSettingException($"{ConferenceOptions.Section}__{element.Key}", "must name an element and an attribute, e.g. Conference__Database__ConnectionString.");
        }

        // First, because the binder drops a list item it cannot convert (a subscription would vanish) instead of failing.
        if (Unconvertible(section, typeof(ConferenceOptions)) is { } unconvertible)
        {
            throw unconvertible;
        }

        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidSettingException(ConferenceOptions.Section, ex.Message, ex);
        }
    }

    /// <summary>The first value under <paramref name="section"/> that its property's type cannot hold.</summary>
    private static InvalidSettingException? Unconvertible(IConfigurationSection section, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = section.GetSection(property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (child.Value is { } value && IsValue(propertyType))
            {
                try
                {
                    child.Get(propertyType);
                }
                catch (InvalidOperationException ex)
                {
                    return Named(child.Path, $"'{value}' is not {Describe(propertyType)}.", ex);
                }
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                foreach (var item in child.GetChildren())
                {
                    if (Unconvertible(item, propertyType.GetGenericArguments()[0]) is { } found)
                    {
                        return found;
                    }
                }
            }
            else if (!IsValue(propertyType) && Unconvertible(child, propertyType) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration (hh:mm:ss)",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) => "a whole number",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => "a " + type.Name,
    };

    /// <summary>Conference:Registration:ReservationWindow → 'Registration.ReservationWindow', with its variable Conference__Registration__ReservationWindow.</summary>
    private static InvalidSettingException Named(string path, string problem, Exception error)
    {
        var segments = path.Split(ConfigurationPath.KeyDelimiter);
        var variable = string.Join("__", segments);
        return new InvalidSettingException(string.Join('.', segments.Skip(1)), variable, problem, error);
    }
}

/// <summary>Checks <see cref="ConferenceOptions"/> when the host starts (<c>ValidateOnStart</c>), with the checks of <see cref="ConferenceSettings.From"/>.</summary>
public sealed class ConferenceOptionsValidator : IValidateOptions<ConferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, ConferenceOptions options)
    {
        try
        {
            ConferenceSettings.From(options, "validation");
            return ValidateOptionsResult.Success;
        }
        catch (InvalidSettingException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
