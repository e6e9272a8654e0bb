// Counts this page view once the page has loaded and is actually visible (not a prerender or background tab).
(function () {
  "use strict";
  var el = document.querySelector("[data-view-beacon]");
  if (!el) { return; }
  var sent = false;
  function send() {
    if (sent || document.visibilityState !== "visible") { return; }
    sent = true;
    var body = new URLSearchParams({ t: el.getAttribute("data-token") });
    var url = el.getAttribute("data-url");
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) { return; }
    if (window.fetch) {
      fetch(url, { method: "POST", body: body, keepalive: true, credentials: "same-origin" }).catch(function () {});
    }
  }
  function start() {
    send();
    if (!sent) { document.addEventListener("visibilitychange", send); }
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
