using System.Net.Mail;
using System.Text.RegularExpressions;
using Conference.Contracts;

namespace Conference;

/// <summary>
/// The input rules of Conference Management, checked by <see cref="ConferenceService"/> whatever the
/// caller validated already (the sites show these messages next to the field).
/// </summary>
public static partial class ConferenceRules
{
    /// <summary>Validates and normalises a conference's details: trimmed text, lower-case slug, UTC dates.</summary>
    public static ConferenceDetails Normalize(ConferenceDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var slug = NormalizeSlug(details.Slug ?? string.Empty);
        if (slug.Length == 0)
        {
            throw new ConferenceValidationException(nameof(ConferenceDetails.Slug), "The slug is required.");
        }

        if (slug.Length > ConferenceInfo.SlugMaxLength || !SlugPattern().IsMatch(slug))
        {
            throw new ConferenceValidationException(
                nameof(ConferenceDetails.Slug),
                $"The slug may use letters, digits, '-' and '_' (up to {ConferenceInfo.SlugMaxLength}), starting with a letter or digit.");
        }

        if (details.EndDate < details.StartDate)
        {
            throw new ConferenceValidationException(nameof(ConferenceDetails.EndDate), "The end date cannot be before the start date.");
        }

        return new ConferenceDetails(
            Required(details.Name, nameof(ConferenceDetails.Name), "name", ConferenceInfo.NameMaxLength),
            Required(details.Description, nameof(ConferenceDetails.Description), "description", int.MaxValue),
            Required(details.Location, nameof(ConferenceDetails.Location), "location", ConferenceInfo.LocationMaxLength),
            Optional(details.Tagline, nameof(ConferenceDetails.Tagline), "tagline", ConferenceInfo.TaglineMaxLength),
            Optional(details.TwitterSearch, nameof(ConferenceDetails.TwitterSearch), "Twitter search", ConferenceInfo.TwitterSearchMaxLength),
            slug,
            details.StartDate.ToUniversalTime(),
            details.EndDate.ToUniversalTime());
    }

    public static Owner Normalize(Owner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var name = Required(owner.Name, "OwnerName", "owner's name", ConferenceInfo.OwnerNameMaxLength);
        var email = Required(owner.Email, "OwnerEmail", "owner's email", ConferenceInfo.OwnerEmailMaxLength);
        if (!IsEmail(email))
        {
            throw new ConferenceValidationException("OwnerEmail", $"'{email}' is not a valid email address.");
        }

        return new Owner(name, email);
    }

    public static SeatTypeDetails Normalize(SeatTypeDetails seat)
    {
        ArgumentNullException.ThrowIfNull(seat);
        if (seat.Price < 0 || seat.Price > SeatType.MaxPrice)
        {
            throw new ConferenceValidationException(nameof(SeatTypeDetails.Price), $"The price must be between 0 and {SeatType.MaxPrice}.");
        }

        if (decimal.Round(seat.Price, 2) != seat.Price)
        {
            throw new ConferenceValidationException(nameof(SeatTypeDetails.Price), "The price cannot have more than two decimals.");
        }

        if (seat.Quantity < 0 || seat.Quantity > SeatType.MaxQuantity)
        {
            throw new ConferenceValidationException(nameof(SeatTypeDetails.Quantity), $"The quantity must be between 0 and {SeatType.MaxQuantity}.");
        }

        return new SeatTypeDetails(
            Required(seat.Name, nameof(SeatTypeDetails.Name), "name", SeatType.NameMaxLength),
            Required(seat.Description, nameof(SeatTypeDetails.Description), "description", SeatType.DescriptionMaxLength),
            seat.Price,
            seat.Quantity);
    }

    /// <summary>Slugs are compared ignoring case, so they are stored in lower case.</summary>
    public static string NormalizeSlug(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return slug.Trim().ToLowerInvariant();
    }

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email)
        && MailAddress.TryCreate(email, out var address)
        && string.Equals(address.Address, email, StringComparison.Ordinal);

    private static string Required(string? value, string memberName, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ConferenceValidationException(memberName, $"The {label} is required.");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new ConferenceValidationException(memberName, $"The {label} cannot be longer than {maxLength} characters.");
    }

    private static string? Optional(string? value, string memberName, string label, int maxLength)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : Required(trimmed, memberName, label, maxLength);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex SlugPattern();
}
