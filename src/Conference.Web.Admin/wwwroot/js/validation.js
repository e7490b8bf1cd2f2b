// Client side of NotBeforeAttribute: a date input that cannot be before another one of the same form.
(function ($) {
  if (!$ || !$.validator || !$.validator.unobtrusive) {
    return;
  }

  $.validator.addMethod('notbefore', function (value, element, otherName) {
    var other = $(element.form).find('[name="' + otherName + '"]').val();
    // Empty or unparsable dates are the required and date rules' business.
    if (!value || !other) {
      return true;
    }
    return value >= other; // yyyy-MM-dd strings compare as dates
  });

  $.validator.unobtrusive.adapters.add('notbefore', ['other'], function (options) {
    options.rules.notbefore = options.params.other;
    options.messages.notbefore = options.message;
  });
})(window.jQuery);
