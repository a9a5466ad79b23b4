// The page's small behaviours, none needed to use it.
//
// After a refused form, focus moves to the error summary, so a screen reader reads what went wrong
// and the keyboard starts from there.
//
// Times in the reader's own time zone (the one they chose, else the browser's) and language. <time data-local> shows the exact time, to the
// second and with the zone's name; <time data-relative> shows the distance from now ("in 3 days",
// "2 hours ago") with the exact local time as its title. The server's UTC text stays as the title
// of exact times and is what shows without JavaScript.
(function () {
  var UNITS = [
    ['year', 31536000],
    ['month', 2592000],
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1]
  ];
  function lang() {
    return document.documentElement.lang || undefined;
  }
  // In the zone the member chose (data-zone), else the browser's.
  function exact(at, zone) {
    var options = { dateStyle: 'medium', timeStyle: 'long' };
    if (zone) options.timeZone = zone;
    try {
      return at.toLocaleString(lang(), options);
    } catch (e) {
      delete options.timeZone;
      return at.toLocaleString(lang(), options);
    }
  }
  function distance(at) {
    if (!window.Intl || !Intl.RelativeTimeFormat) return null;
    var seconds = (at.getTime() - Date.now()) / 1000;
    var format = new Intl.RelativeTimeFormat(lang(), { numeric: 'auto' });
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) >= UNITS[i][1] || i === UNITS.length - 1) {
        return format.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
    return null;
  }
  function localize(root) {
    root.querySelectorAll('time[data-local], time[data-relative]').forEach(function (el) {
      var at = new Date(el.getAttribute('datetime'));
      if (isNaN(at.getTime()) || el.hasAttribute('data-localized')) return;
      if (el.hasAttribute('data-relative')) {
        var text = distance(at);
        el.title = exact(at, el.getAttribute('data-zone'));
        if (text) el.textContent = text;
      } else {
        el.title = el.textContent;
        el.textContent = exact(at, el.getAttribute('data-zone'));
      }
      el.setAttribute('data-localized', '');
    });
  }
  // A member who has not chosen a time zone is offered the browser's (selected, saved only if they
  // press the button).
  function offerZone() {
    var select = document.querySelector('select[data-browser-zone]');
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!select || !zone) return;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) select.selectedIndex = i;
    }
  }
  function focusErrors() {
    var summary = document.querySelector('[data-error-summary]');
    if (summary) summary.focus();
  }
  document.addEventListener('DOMContentLoaded', function () {
    localize(document);
    offerZone();
    focusErrors();
  });
  document.addEventListener('htmx:load', function (event) { localize(event.target); });
})();
