// Progressive enhancement for the share box: a copy-link button, and the device's own share sheet where the
// browser offers the Web Share API. Without JavaScript the plain links and the selectable URL still work.
(function () {
  "use strict";
  var box = document.querySelector(".share");
  if (!box) { return; }
  var status = box.querySelector(".share__status");
  var input = box.querySelector(".share__url");
  var copy = box.querySelector("[data-share-copy]");
  var native = box.querySelector("[data-web-share]");
  function say(text) { if (status) { status.textContent = text; } }
  if (copy && input) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var done = function () { say("Link copied."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); say("Press Ctrl+C to copy."); });
      } else {
        input.select();
        try { document.execCommand("copy"); done(); } catch (e) { say("Press Ctrl+C to copy."); }
      }
    });
  }
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title"), url: native.getAttribute("data-url") }).catch(function () {});
    });
  }
})();
