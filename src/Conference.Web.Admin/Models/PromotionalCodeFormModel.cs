using System.ComponentModel.DataAnnotations;
using Discounts.Contracts;

namespace Conference.Web.Admin.Models;

/// <summary>The create and edit forms of a promotional code; the code's text is its identity, fixed once created.</summary>
public sealed class PromotionalCodeFormModel
{
    [Required(ErrorMessage = "Enter the code.")]
    [StringLength(20, ErrorMessage = "A code is at most {1} letters and digits.")]
    [RegularExpression("^\\s*[A-Za-z0-9]+\\s*$", ErrorMessage = "A code is letters and digits only.")]
    [Display(Name = "Code")]
    public string? Code { get; set; }

    [Required(ErrorMessage = "Choose a percentage or an amount off the order.")]
    [Display(Name = "Discount")]
    public DiscountKind? Kind { get; set; }

    [Required(ErrorMessage = "Enter the discount.")]
    [Range(typeof(decimal), "0.01", "100000", ErrorMessage = "The discount must be between {1} and {2}.")]
    [Display(Name = "Amount")]
    public decimal? Amount { get; set; }

    /// <summary>None chosen: every seat type.</summary>
    [Display(Name = "Seat types")]
    public List<Guid> SeatTypes { get; set; } = [];

    /// <summary>Empty: unlimited.</summary>
    [Range(1, 1_000_000, ErrorMessage = "The quota must be at least {1} use (leave it empty for unlimited).")]
    [Display(Name = "Quota (uses)")]
    public int? Quota { get; set; }

    [Display(Name = "Combining")]
    public CombiningRule Combining { get; set; }

    [Display(Name = "Valid until (UTC)")]
    public DateTime? ValidUntil { get; set; }

    public static PromotionalCodeFormModel From(Registration.ReadModel.PromotionalCodeSummary code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return new()
        {
            Code = code.Code,
            Kind = code.Kind,
            Amount = code.Amount,
            SeatTypes = [.. code.SeatTypes],
            Quota = code.Quota,
            Combining = code.Combining,
            ValidUntil = code.ValidUntil?.UtcDateTime,
        };
    }
}
