using System.ComponentModel.DataAnnotations;

namespace Conference.Web.Admin.Models;

/// <summary>The add and edit forms of a seat type.</summary>
public sealed class SeatTypeFormModel
{
    [Required(ErrorMessage = "Enter the seat type's name.")]
    [StringLength(SeatType.NameMaxLength, ErrorMessage = "The name cannot be longer than {1} characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter a description.")]
    [StringLength(SeatType.DescriptionMaxLength, ErrorMessage = "The description cannot be longer than {1} characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Enter the price.")]
    [Range(typeof(decimal), "0", "50000", ErrorMessage = "The price must be between {1} and {2}.")]
    [Display(Name = "Price")]
    public decimal? Price { get; set; }

    [Required(ErrorMessage = "Enter the quota: how many seats are for sale.")]
    [Range(0, SeatType.MaxQuantity, ErrorMessage = "The quota must be between {1} and {2}.")]
    [Display(Name = "Quota")]
    public int? Quantity { get; set; }

    public SeatTypeDetails ToDetails() => new(Name ?? string.Empty, Description ?? string.Empty, Price ?? 0, Quantity ?? 0);

    public static SeatTypeFormModel From(SeatType seat)
    {
        ArgumentNullException.ThrowIfNull(seat);
        return new() { Name = seat.Name, Description = seat.Description, Price = seat.Price, Quantity = seat.Quantity };
    }
}
