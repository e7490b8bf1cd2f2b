using System.ComponentModel.DataAnnotations;

namespace Conference.Web.Admin.Models;

/// <summary>The conference's details as the create and edit forms show them.</summary>
public class ConferenceFormModel : IValidatableObject
{
    /// <summary>Longest description accepted (the database has no limit; a form needs one).</summary>
    public const int DescriptionMaxLength = 4000;

    /// <summary>Paths of this site under /conferences/ that a slug would hide.</summary>
    private static readonly HashSet<string> ReservedSlugs = new(StringComparer.OrdinalIgnoreCase) { "create", "locate", "signout", "denied" };

    [Required(ErrorMessage = "Enter the conference's name.")]
    [StringLength(ConferenceInfo.NameMaxLength, ErrorMessage = "The name cannot be longer than {1} characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter a slug: the conference's part of the public site's address.")]
    [StringLength(ConferenceInfo.SlugMaxLength, ErrorMessage = "The slug cannot be longer than {1} characters.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9_-]*$", ErrorMessage = "The slug may use letters, digits, '-' and '_', starting with a letter or digit.")]
    [Display(Name = "Slug", Description = "Used in the public site's address, e.g. cqrs-summit.")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Enter a description.")]
    [StringLength(DescriptionMaxLength, ErrorMessage = "The description cannot be longer than {1} characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Enter where the conference takes place.")]
    [StringLength(ConferenceInfo.LocationMaxLength, ErrorMessage = "The location cannot be longer than {1} characters.")]
    [Display(Name = "Location")]
    public string? Location { get; set; }

    [StringLength(ConferenceInfo.TaglineMaxLength, ErrorMessage = "The tagline cannot be longer than {1} characters.")]
    [Display(Name = "Tagline")]
    public string? Tagline { get; set; }

    [StringLength(ConferenceInfo.TwitterSearchMaxLength, ErrorMessage = "The Twitter search cannot be longer than {1} characters.")]
    [Display(Name = "Twitter search")]
    public string? TwitterSearch { get; set; }

    [Required(ErrorMessage = "Enter the start date.")]
    [DataType(DataType.Date)]
    [Display(Name = "Start date")]
    public DateTime? StartDate { get; set; }

    [Required(ErrorMessage = "Enter the end date.")]
    [NotBefore(nameof(StartDate), ErrorMessage = "The end date cannot be before the start date.")]
    [DataType(DataType.Date)]
    [Display(Name = "End date")]
    public DateTime? EndDate { get; set; }

    public ConferenceDetails ToDetails() => new(
        Name ?? string.Empty,
        Description ?? string.Empty,
        Location ?? string.Empty,
        Tagline,
        TwitterSearch,
        Slug ?? string.Empty,
        AsUtcDate(StartDate),
        AsUtcDate(EndDate));

    public void CopyFrom(ConferenceInfo conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        Name = conference.Name;
        Slug = conference.Slug;
        Description = conference.Description;
        Location = conference.Location;
        Tagline = conference.Tagline;
        TwitterSearch = conference.TwitterSearch;
        StartDate = conference.StartDate.UtcDateTime.Date;
        EndDate = conference.EndDate.UtcDateTime.Date;
    }

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Slug is not null && ReservedSlugs.Contains(Slug.Trim()))
        {
            yield return new ValidationResult($"The slug '{Slug.Trim()}' is reserved by this site; choose another.", [nameof(Slug)]);
        }
    }

    // Conferences have days, not instants: a date is midnight UTC of that day.
    private static DateTimeOffset AsUtcDate(DateTime? date) =>
        date is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value.Date, DateTimeKind.Unspecified), TimeSpan.Zero) : default;
}
