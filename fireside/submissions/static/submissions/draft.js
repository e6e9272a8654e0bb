/* Keep a local draft of the story form in this browser while the writer types, and restore it after a
   crash or a closed tab. Nothing leaves the browser. The draft is cleared when the story is sent. */
(function () {
  "use strict";
  // "Tick all" in any privacy check on the page (the first submission, or an edit on the status page).
  Array.prototype.forEach.call(document.querySelectorAll("[data-select-all]"), function (selectAll) {
    var owner = selectAll.closest("form");
    if (!owner) { return; }
    selectAll.parentNode.hidden = false;
    selectAll.addEventListener("click", function () {
      var boxes = owner.querySelectorAll("input[name='accept']");
      var tick = Array.prototype.some.call(boxes, function (box) { return !box.checked; });
      Array.prototype.forEach.call(boxes, function (box) { box.checked = tick; });
      selectAll.textContent = tick ? "Untick all" : "Tick all";
    });
  });

  var store;
  try { store = window.localStorage; store.getItem("x"); } catch (e) { return; }

  var sent = document.querySelector("[data-clear-draft]");
  if (sent) { store.removeItem(sent.getAttribute("data-clear-draft")); return; }

  var form = document.getElementById("submission-form");
  if (!form) { return; }
  var key = form.getAttribute("data-draft-key");
  var status = form.querySelector("[data-draft-status]");
  var saved = ["headline", "summary", "body", "pen_name"];

  function say(text) { if (status) { status.hidden = false; status.textContent = text; } }

  function restore() {
    var raw = store.getItem(key);
    if (!raw) { return; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    var restored = false;
    saved.forEach(function (name) {
      var field = form.elements[name];
      // Only fill empty fields: text the server sent back (after an error or a preview) always wins.
      if (field && !field.value && typeof draft[name] === "string" && draft[name]) {
        field.value = draft[name];
        restored = true;
      }
    });
    if (restored) { say("We restored the draft saved in this browser."); }
  }

  var timer = null;
  function save() {
    var draft = { savedAt: new Date().toISOString() };
    saved.forEach(function (name) { var f = form.elements[name]; if (f) { draft[name] = f.value; } });
    try {
      store.setItem(key, JSON.stringify(draft));
      say("Draft saved in this browser at " + new Date().toLocaleTimeString() + ".");
    } catch (e) {
      say("This browser could not keep a draft; copy your text somewhere safe.");
    }
  }

  restore();
  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 800);
  });
})();
