// Seat selection: the total follows the chosen quantities (the priced order stays the authority).
(function () {
    var total = document.getElementById('order-total');
    if (total) {
        var format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
        var update = function () {
            var sum = 0;
            document.querySelectorAll('.seat-quantity').forEach(function (select) {
                sum += Number(select.dataset.price) * Number(select.value);
            });
            total.textContent = format.format(sum);
        };
        document.querySelectorAll('.seat-quantity').forEach(function (select) {
            select.addEventListener('change', update);
        });
        update();
    }

    // Times written in UTC by the server are shown in the visitor's own time zone.
    document.querySelectorAll('time[data-local-time]').forEach(function (time) {
        var when = new Date(time.getAttribute('datetime'));
        if (!isNaN(when.getTime())) {
            time.title = time.textContent;
            time.textContent = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
        }
    });

    // Registrant page: count down to the reservation expiry, then show the expiry page.
    var countdown = document.getElementById('countdown');
    if (countdown) {
        var expiration = Number(countdown.dataset.expiration);
        var tick = function () {
            var left = Math.max(0, Math.floor((expiration - Date.now()) / 1000));
            var minutes = Math.floor(left / 60);
            var seconds = left % 60;
            countdown.textContent = (minutes < 10 ? '0' : '') + minutes + ':' + (seconds < 10 ? '0' : '') + seconds;
            countdown.dataset.started = 'true';
            if (left === 0) {
                window.location.assign(countdown.dataset.expiredUrl);
                return;
            }
            window.setTimeout(tick, 1000);
        };
        tick();
    }
})();
