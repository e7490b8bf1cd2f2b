using System.ComponentModel.DataAnnotations;

namespace Conference.Web.Public.Models;

/// <summary>The promotional codes a registrant enters for an order, separated by spaces or commas.</summary>
public sealed class PromotionalCodesForm
{
    /// <summary>Codes are at most 20 letters and digits; ten of them fit well within this.</summary>
    public const int MaximumLength = 250;

    public const int MaximumCodeLength = 20;

    public const int MaximumCodes = 10;

    [StringLength(MaximumLength, ErrorMessage = "Enter at most 10 codes.")]
    [Display(Name = "Promotional codes")]
    public string? Codes { get; set; }

    /// <summary>The codes entered, or why they cannot be (a message for the registrant).</summary>
    public (IReadOnlyList<string> Codes, string? Error) Parse()
    {
        var codes = (Codes ?? string.Empty).Split([' ', ',', ';', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length > MaximumCodes)
        {
            return ([], $"Enter at most {MaximumCodes} codes.");
        }

        var invalid = codes.FirstOrDefault(c => c.Length > MaximumCodeLength || !c.All(char.IsAsciiLetterOrDigit));
        return invalid is null
            ? (codes, null)
            : ([], $"A promotional code is 1 to {MaximumCodeLength} letters and digits: \"{(invalid.Length > 30 ? invalid[..30] + "…" : invalid)}\" is not one.");
    }
}
