using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace Conference.Web.Admin.Models;

/// <summary>
/// A date that cannot be before another property's date (an end date and its start date), checked on
/// the server and, through wwwroot/js/validation.js, in the browser.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotBeforeAttribute(string otherProperty) : ValidationAttribute, IClientModelValidator
{
    public string OtherProperty { get; } = otherProperty;

    public void AddValidation(ClientModelValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Attributes["data-val"] = "true";
        context.Attributes["data-val-notbefore"] = FormatErrorMessage(context.ModelMetadata.GetDisplayName());
        context.Attributes["data-val-notbefore-other"] = OtherProperty;
    }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        var other = validationContext.ObjectType.GetProperty(OtherProperty)?.GetValue(validationContext.ObjectInstance);
        return value is DateTime date && other is DateTime otherDate && date.Date < otherDate.Date
            ? new ValidationResult(FormatErrorMessage(validationContext.DisplayName), validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
    }
}
