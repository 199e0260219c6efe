// dsflow pages work without this file. It stops a second tap on a form's
// button while the first is on its way (the server would apply the
// command once anyway: every command form carries its Idempotency-Key),
// says at once when a file is too large to upload, keeps a task form's
// draft in the browser in case the connection drops, keeps Enter
// sending a form that has a unit picker's search, and runs that search
// without leaving the page.
"use strict";

// tooLarge reports whether an upload form holds a file over its limit,
// showing the form's message if so.
function tooLarge(form) {
  var max = Number(form.dataset.max || 0);
  if (!max) return false;
  var big = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
    return Array.prototype.some.call(input.files || [], function (f) { return f.size > max; });
  });
  var note = form.querySelector(".err.js-size");
  if (!big) {
    if (note) note.remove();
    return false;
  }
  if (!note) {
    note = document.createElement("p");
    note.className = "err js-size";
    note.setAttribute("role", "alert");
    form.insertBefore(note, form.firstChild);
  }
  note.textContent = form.dataset.tooLarge || "";
  return true;
}

document.addEventListener("change", function (e) {
  if (e.target.type === "file" && e.target.form) tooLarge(e.target.form);
});

// searchInPlace runs a unit picker's search without leaving the page: the
// form goes to the server as the search button sends it, and only the
// picker is taken from the answer, so everything else typed stays as it
// is (a password too: a page sent back never refills one). Anything
// unexpected (no answer, a page without the picker) sends the form the
// usual way. It reports whether it took the search.
function searchInPlace(form, button) {
  var box = button.closest(".unit-search"), q = box && box.querySelector("input[name=unit_q]");
  if (!q || !window.fetch || !window.DOMParser || !window.FormData || !window.URLSearchParams) return false;
  var id = q.id.replace(/-q$/, "");
  var pickerOf = function (doc) {
    var el = doc.getElementById(id);
    return el && (el.closest("fieldset.picks") || el.closest(".field"));
  };
  var picker = pickerOf(document);
  if (!picker) return false;
  if (form.dataset.searching) return true;
  form.dataset.searching = "1";
  button.setAttribute("aria-disabled", "true");
  var data = new FormData(form);
  data.append(button.name, button.value);
  var get = form.method.toLowerCase() === "get";
  var multipart = form.enctype === "multipart/form-data";
  var fallback = function () {
    delete form.dataset.searching;
    var again = document.createElement("input");
    again.type = "hidden";
    again.name = button.name;
    again.value = button.value;
    form.appendChild(again);
    form.submit();
  };
  fetch(get ? form.action.split("?")[0] + "?" + new URLSearchParams(data) : form.action, {
    method: get ? "GET" : "POST",
    body: get ? undefined : (multipart ? data : new URLSearchParams(data)),
    credentials: "same-origin"
  }).then(function (resp) {
    if (!resp.ok) throw new Error(String(resp.status));
    return resp.text();
  }).then(function (html) {
    var fresh = pickerOf(new DOMParser().parseFromString(html, "text/html"));
    if (!fresh) throw new Error("no picker");
    picker.replaceWith(document.importNode(fresh, true));
    delete form.dataset.searching;
    var nq = document.getElementById(id + "-q");
    if (nq) nq.focus();
  }).catch(fallback);
  return true;
}

document.addEventListener("submit", function (e) {
  var form = e.target;
  if (e.submitter && e.submitter.name === "unit_search" && !form.dataset.sent && searchInPlace(form, e.submitter)) {
    e.preventDefault();
    return;
  }
  if (form.dataset.sent || tooLarge(form)) {
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

// A unit picker's search button (name=unit_search) comes before its
// form's own, so Enter in a field would press it: the form would come
// back rather than be sent. Enter in any field but the search box sends
// the form by its own button, as without a picker; in the search box it
// searches. Without this script Enter searches, which sends nothing.
document.addEventListener("keydown", function (e) {
  var el = e.target, form = el.form;
  if (e.key !== "Enter" || !form || el.tagName !== "INPUT" || el.name === "unit_q") return;
  if (/^(checkbox|radio|file|button|submit|reset)$/.test(el.type)) return;
  var own = form.querySelector("button.primary[type=submit]");
  if (!own || !form.querySelector("button[name=unit_search]")) return;
  e.preventDefault();
  own.click();
});

// Drafts. A task form marked data-draft="user:task:revision" is saved in
// localStorage at every change, under that key: if sending it fails (no
// signal in a commune hall), the next visit to the task finds what was
// typed and says so. The page shown after a successful submit carries
// data-draft-clear="user:task:", and every draft of the task goes.
var draftPrefix = "dsflow-draft:";

function draftFields(form) {
  return Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name.indexOf("f_") === 0 && el.type !== "file";
  });
}

function readDraft(form) {
  var data = {};
  draftFields(form).forEach(function (el) {
    if (el.type === "radio" || el.type === "checkbox") {
      if (el.checked) data[el.name] = el.value;
      else if (!(el.name in data)) data[el.name] = "";
    } else {
      data[el.name] = el.value;
    }
  });
  return data;
}

function restoreDraft(form, data) {
  var changed = false;
  draftFields(form).forEach(function (el) {
    if (!(el.name in data)) return;
    var v = data[el.name];
    if (el.type === "radio" || el.type === "checkbox") {
      var want = el.value === v;
      if (el.checked !== want) { el.checked = want; changed = true; }
    } else if (el.value !== v) {
      el.value = v;
      changed = true;
    }
  });
  return changed;
}

function storage() {
  try { return window.localStorage; } catch (err) { return null; }
}

(function () {
  var store = storage();
  if (!store) return;
  var clear = document.querySelector("[data-draft-clear]");
  if (clear) {
    var prefix = draftPrefix + clear.dataset.draftClear;
    for (var i = store.length - 1; i >= 0; i--) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) store.removeItem(k);
    }
  }
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = draftPrefix + form.dataset.draft;
    var saved = null;
    try { saved = JSON.parse(store.getItem(key) || "null"); } catch (err) { saved = null; }
    if (saved && typeof saved === "object" && restoreDraft(form, saved)) {
      var note = document.getElementById("draft-note");
      if (note) note.hidden = false;
    }
    var save = function () {
      try { store.setItem(key, JSON.stringify(readDraft(form))); } catch (err) { /* full or refused: the form still works */ }
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  });
})();
