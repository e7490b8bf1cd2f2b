// Attendee rows: a row left blank is fine, a started row needs all three fields (the server checks the same).
(function ($) {
    if (!$ || !$.validator || !$.validator.unobtrusive) {
        return;
    }
    $.validator.addMethod('attendee', function (value, element) {
        var row = $(element).closest('fieldset');
        var started = row.find('input[data-val-attendee]').filter(function () { return $.trim(this.value) !== ''; }).length > 0;
        return !started || $.trim(value) !== '';
    });
    $.validator.unobtrusive.adapters.addBool('attendee');
})(window.jQuery);
