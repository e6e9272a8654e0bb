// Suggested content warnings in the page editor. The editor is one big <form>, so the panel has no form of its
// own: each button posts one decision to the admin endpoint, and an accepted warning is ticked in the open form,
// where it is saved with the editor's other changes. Without this script the buttons stay hidden and the panel
// links to a page with ordinary forms.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function tick(warningId) {
    if (!warningId) return false;
    var box = document.querySelector(
      'input[type="checkbox"][name="content_warnings"][value="' + CSS.escape(warningId) + '"]'
    );
    if (!box) return false;
    if (!box.checked) box.click(); // a real click, so Wagtail notices the unsaved change
    return box.checked;
  }

  function decide(panel, item, decision, buttons) {
    var message = item.querySelector("[data-ws-message]");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("label", item.getAttribute("data-ws-label"));
    body.append("decision", decision);
    body.append("text_hash", panel.getAttribute("data-ws-text-hash"));
    body.append("source", "page_editor");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(panel.getAttribute("data-ws-decide-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, message: "The server did not answer (" + response.status + ")." };
        });
      })
      .then(function (data) {
        var text = data.message || "";
        if (data.ok && data.decision === "accepted" && !tick(String(data.warning))) {
          text += " Tick “" + item.querySelector("strong").textContent + "” under Content warnings.";
        }
        message.textContent = text;
        item.classList.toggle("ws-accepted", !!data.ok && data.decision === "accepted");
        item.classList.toggle("ws-rejected", !!data.ok && data.decision === "rejected");
        buttons.forEach(function (button) { button.disabled = false; });
      })
      .catch(function () {
        message.textContent = "Could not reach the server. Nothing was recorded.";
        buttons.forEach(function (button) { button.disabled = false; });
      });
  }

  function init() {
    document.querySelectorAll("[data-ws-panel]").forEach(function (panel) {
      panel.querySelectorAll(".ws-item").forEach(function (item) {
        var buttons = Array.prototype.slice.call(item.querySelectorAll("button[data-ws-decision]"));
        buttons.forEach(function (button) {
          button.hidden = false;
          button.addEventListener("click", function (event) {
            event.preventDefault();
            decide(panel, item, button.getAttribute("data-ws-decision"), buttons);
          });
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
