using System.ComponentModel.DataAnnotations;
using Registration.ReadModel;
using WaitingList.ReadModel;

namespace Conference.Web.Public.Models;

/// <summary>Joining a seat type's waiting list: the entry id is chosen when the page is shown, so a resubmit is the same entry.</summary>
public sealed class JoinWaitingListForm
{
    public const int MaximumSeats = 100;

    [Required]
    public Guid EntryId { get; set; }

    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(100, ErrorMessage = "The name can have at most 100 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(254, ErrorMessage = "The email address can have at most 254 characters.")]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [Range(1, MaximumSeats, ErrorMessage = "Ask for between 1 and 100 seats.")]
    [Display(Name = "Seats")]
    public int Seats { get; set; } = 1;
}

public sealed record JoinWaitingListViewModel(ConferenceAlias Conference, Registration.ReadModel.SeatType SeatType, JoinWaitingListForm Form);

public sealed record WaitingListEntryViewModel(WaitingListEntry Entry, string SeatTypeName);

public sealed record WaitingListOfferViewModel(WaitingListOffer Offer, string SeatTypeName, bool CanBeTaken);
