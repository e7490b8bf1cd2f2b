using System.ComponentModel.DataAnnotations;

namespace Conference.Web.Admin.Models;

/// <summary>The locate form: the owner's email and the conference's access code.</summary>
public sealed class LocateModel
{
    [Required(ErrorMessage = "Enter the email address the conference was created with.")]
    [StringLength(ConferenceInfo.OwnerEmailMaxLength, ErrorMessage = "The email address cannot be longer than {1} characters.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter the access code you received by email.")]
    [StringLength(20, ErrorMessage = "An access code has {2} characters.", MinimumLength = ConferenceAccessCode.Length)]
    [Display(Name = "Access code")]
    public string? AccessCode { get; set; }

    /// <summary>The page of the conference that asked for the sign-in, to go back to after locating it.</summary>
    [StringLength(2048)]
    public string? ReturnUrl { get; set; }
}
