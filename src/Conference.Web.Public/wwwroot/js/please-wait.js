// A page waiting for the read model: reload it when the server says the order changed (a server-sent
// "changed" event on the order's change stream), or after the fallback delay should nothing come.
// If the stream cannot be opened at all, reload after 3 seconds, as the page does without JavaScript.
(function () {
    'use strict';
    var wait = document.getElementById('please-wait');
    if (!wait || !window.EventSource) {
        if (wait && wait.dataset.refreshUrl) {
            window.setTimeout(function () { window.location.replace(wait.dataset.refreshUrl); }, 3000);
        }
        return;
    }

    var refreshUrl = wait.dataset.refreshUrl;
    var changesUrl = wait.dataset.changesUrl;
    var fallbackSeconds = parseInt(wait.dataset.fallbackSeconds, 10) || 30;
    var leaving = false;
    var source = new EventSource(changesUrl);

    function reload() {
        if (leaving) {
            return;
        }
        leaving = true;
        source.close();
        window.location.replace(refreshUrl);
    }

    source.addEventListener('changed', reload);
    source.addEventListener('error', function () {
        // EventSource reconnects by itself after a dropped stream; a refused one is closed for good.
        if (source.readyState === EventSource.CLOSED) {
            window.setTimeout(reload, 3000);
        }
    });
    window.setTimeout(reload, fallbackSeconds * 1000);
}());
