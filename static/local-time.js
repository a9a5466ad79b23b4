// Shows every <time data-local> in the reader's own time zone, to the second and with the zone's
// name; the server's UTC text stays as its title. Without JavaScript the page reads in UTC.
(function () {
  function localize(root) {
    root.querySelectorAll('time[data-local]').forEach(function (el) {
      var at = new Date(el.getAttribute('datetime'));
      if (isNaN(at.getTime()) || el.hasAttribute('data-localized')) return;
      el.title = el.textContent;
      el.textContent = at.toLocaleString(document.documentElement.lang || undefined, {
        dateStyle: 'medium',
        timeStyle: 'long'
      });
      el.setAttribute('data-localized', '');
    });
  }
  document.addEventListener('DOMContentLoaded', function () { localize(document); });
  document.addEventListener('htmx:load', function (event) { localize(event.target); });
})();
