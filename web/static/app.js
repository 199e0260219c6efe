// dsflow pages work without this file. It only stops a second tap on a
// form's button while the first is on its way (the server would apply the
// command once anyway: every command form carries its Idempotency-Key).
"use strict";
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.dataset.sent) {
    e.preventDefault();
    return;
  }
  form.dataset.sent = "1";
  form.querySelectorAll("button[type=submit]").forEach(function (b) {
    b.setAttribute("aria-disabled", "true");
  });
  // Let a form be sent again if the page is still here after a while
  // (a slow link, a lost answer): the key makes the retry safe.
  setTimeout(function () { delete form.dataset.sent; }, 8000);
});
