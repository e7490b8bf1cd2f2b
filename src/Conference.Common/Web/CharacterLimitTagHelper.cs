using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Conference.Common.Web;

/// <summary>
/// Says under a text field how many characters it takes. The input tag helper gives the field the
/// browser's <c>maxlength</c> from the same <see cref="StringLengthAttribute"/> the server validates
/// with; without a word on the page, typing or pasting past it would be cut off silently.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttributeName)]
[HtmlTargetElement("textarea", Attributes = ForAttributeName)]
public sealed class CharacterLimitTagHelper : TagHelper
{
    private const string ForAttributeName = "asp-for";

    // After the framework's input and textarea tag helpers, which write the id and maxlength.
    public override int Order => 1000;

    [HtmlAttributeName(ForAttributeName)]
    public ModelExpression? For { get; set; }

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext? ViewContext { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (For is null || Limit(For) is not { } limit || IsExempt(output))
        {
            return;
        }

        var id = output.Attributes.TryGetAttribute("id", out var idAttribute)
            ? idAttribute.Value?.ToString()
            : TagBuilder.CreateSanitizedId(For.Name, "_");
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        var hint = $"{id}-limit";
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {hint}" : hint;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
        output.Attributes.SetAttribute("maxlength", limit.ToString(CultureInfo.InvariantCulture));
        var encoder = HtmlEncoder.Default;
        output.PostElement.AppendHtml(
            $"<div class=\"form-text character-limit\" id=\"{encoder.Encode(hint)}\" data-limit=\"{limit.ToString(CultureInfo.InvariantCulture)}\">At most {limit.ToString("#,0", CultureInfo.InvariantCulture)} characters.</div>");
    }

    private static int? Limit(ModelExpression model) =>
        model.Metadata.ValidatorMetadata switch
        {
            // A minimum length marks a code of fixed shape (an access code), not text someone writes.
            var validators when validators.OfType<StringLengthAttribute>().FirstOrDefault() is { } length => length.MinimumLength > 0 ? null : length.MaximumLength,
            var validators when validators.OfType<MaxLengthAttribute>().FirstOrDefault() is { Length: > 0 } max => max.Length,
            _ => null,
        };

    // Hidden fields are not typed in; email addresses and access codes are never near their limit.
    private static bool IsExempt(TagHelperOutput output) =>
        output.Attributes.TryGetAttribute("type", out var type) && type.Value?.ToString() is "hidden" or "email" or "password" or "checkbox" or "radio" or "number";
}
