// Comments, progressively enhanced: "Reply" moves the form under the comment instead of reloading the page,
// and the details a reader asked this browser to remember are filled in. Without JavaScript both still work
// (?replytocom= links and the server-side form).
(function () {
  "use strict";

  var section = document.querySelector("[data-comments]");
  var respond = document.getElementById("respond");
  var form = document.querySelector("[data-comment-form]");
  if (!section || !respond || !form) { return; }

  var parentField = document.getElementById("id_comment_parent");
  var title = document.getElementById("reply-title");
  var cancel = document.getElementById("cancel-reply");
  var cancelWrap = cancel ? cancel.parentNode : null;
  var home = document.createElement("div");
  home.hidden = true;
  respond.parentNode.insertBefore(home, respond);

  function setTitle(name) {
    title.textContent = "";
    if (name) {
      title.appendChild(document.createTextNode("Reply to "));
      var bdi = document.createElement("bdi");
      bdi.textContent = name; // textContent: a name is never parsed as HTML
      title.appendChild(bdi);
    } else {
      title.textContent = title.getAttribute("data-default-title") || "Leave a Reply";
    }
  }

  section.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link) { return; }
    var card = link.closest(".comment__card");
    if (!card) { return; }
    event.preventDefault();
    card.parentNode.insertBefore(respond, card.nextSibling);
    parentField.value = link.getAttribute("data-reply-to");
    setTitle(link.getAttribute("data-reply-name"));
    if (cancelWrap) { cancelWrap.hidden = false; }
    document.getElementById("id_comment").focus();
  });

  if (cancel) {
    cancel.addEventListener("click", function (event) {
      event.preventDefault();
      home.parentNode.insertBefore(respond, home.nextSibling);
      parentField.value = "";
      setTitle("");
      cancelWrap.hidden = true;
      document.getElementById("id_comment").focus();
    });
  }

  // "Save my name, email and website in this browser": the cookie was set only when the box was ticked.
  var match = document.cookie.match(/(?:^|;\s*)fireside_commenter=([^;]*)/);
  if (match) {
    try {
      var saved = JSON.parse(decodeURIComponent(match[1]));
      [["author", "id_author"], ["email", "id_email"], ["url", "id_url"]].forEach(function (pair) {
        var input = document.getElementById(pair[1]);
        if (input && !input.value && typeof saved[pair[0]] === "string") { input.value = saved[pair[0]]; }
      });
    } catch (error) { /* an unreadable cookie is ignored; the form is simply empty */ }
  }
})();
