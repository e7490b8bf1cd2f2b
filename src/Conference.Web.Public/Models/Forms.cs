using System.ComponentModel.DataAnnotations;

namespace Conference.Web.Public.Models;

/// <summary>The seat-selection form: the order id is chosen by the site when the page is shown, so a resubmit updates the same order.</summary>
public sealed class SeatSelectionForm
{
    [Required]
    public Guid OrderId { get; set; }

    public List<SeatQuantityInput> Seats { get; set; } = [];
}

public sealed class SeatQuantityInput
{
    [Required]
    public Guid SeatType { get; set; }

    [Range(0, SeatSelectionViewModel.MaximumPerSeatType, ErrorMessage = "Choose between 0 and 20 seats.")]
    public int Quantity { get; set; }
}

/// <summary>Who is placing the order (becomes AssignRegistrantDetails).</summary>
public sealed class RegistrantDetailsForm
{
    [Required(ErrorMessage = "Enter your first name.")]
    [StringLength(100, ErrorMessage = "The first name can have at most 100 characters.")]
    [Display(Name = "First name")]
    public string? FirstName { get; set; }

    [Required(ErrorMessage = "Enter your last name.")]
    [StringLength(100, ErrorMessage = "The last name can have at most 100 characters.")]
    [Display(Name = "Last name")]
    public string? LastName { get; set; }

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254, ErrorMessage = "The email address can have at most 254 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }
}

/// <summary>The record locator: the registrant's email and the order's access code.</summary>
public sealed class FindOrderForm
{
    [Required(ErrorMessage = "Enter the email address you registered with.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254, ErrorMessage = "The email address can have at most 254 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter the access code from your confirmation email.")]
    [StringLength(20, ErrorMessage = "The access code can have at most 20 characters.")]
    [Display(Name = "Access code")]
    public string? AccessCode { get; set; }
}

/// <summary>The attendees of a confirmed order's seats: a row left blank stays as it is.</summary>
public sealed class SeatAssignmentsForm
{
    public List<AttendeeInput> Seats { get; set; } = [];
}

public sealed class AttendeeInput : IValidatableObject
{
    public int Position { get; set; }

    [StringLength(100, ErrorMessage = "A first name can have at most 100 characters.")]
    [Display(Name = "First name")]
    public string? FirstName { get; set; }

    [StringLength(100, ErrorMessage = "A last name can have at most 100 characters.")]
    [Display(Name = "Last name")]
    public string? LastName { get; set; }

    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254, ErrorMessage = "An email address can have at most 254 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(FirstName) && string.IsNullOrWhiteSpace(LastName) && string.IsNullOrWhiteSpace(Email);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An attendee needs all three; a blank row just means "nobody yet".
        if (IsBlank)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(FirstName))
        {
            yield return new ValidationResult("Enter the attendee's first name.", [nameof(FirstName)]);
        }

        if (string.IsNullOrWhiteSpace(LastName))
        {
            yield return new ValidationResult("Enter the attendee's last name.", [nameof(LastName)]);
        }

        if (string.IsNullOrWhiteSpace(Email))
        {
            yield return new ValidationResult("Enter the attendee's email address.", [nameof(Email)]);
        }
    }
}
