using System.ComponentModel.DataAnnotations;
using Conference.Contracts;

namespace Conference.Web.Admin.Models;

/// <summary>The create form: the owner (who receives the access code) and the conference's details.</summary>
public sealed class CreateConferenceModel : ConferenceFormModel
{
    [Required(ErrorMessage = "Enter the owner's name.")]
    [StringLength(ConferenceInfo.OwnerNameMaxLength, ErrorMessage = "The owner's name cannot be longer than {1} characters.")]
    [Display(Name = "Owner's name")]
    public string? OwnerName { get; set; }

    [Required(ErrorMessage = "Enter the owner's email address: the access code is sent there.")]
    [StringLength(ConferenceInfo.OwnerEmailMaxLength, ErrorMessage = "The email address cannot be longer than {1} characters.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Owner's email")]
    public string? OwnerEmail { get; set; }

    [Required(ErrorMessage = "Enter the email address again.")]
    [Compare(nameof(OwnerEmail), ErrorMessage = "The two email addresses do not match.")]
    [Display(Name = "Confirm the email")]
    public string? ConfirmEmail { get; set; }

    public Owner ToOwner() => new(OwnerName ?? string.Empty, OwnerEmail?.Trim() ?? string.Empty);
}
