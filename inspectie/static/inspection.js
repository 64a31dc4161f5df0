// Autosave of answers on the theme page: every change to an item is saved on its own through
// PUT /api/v1/inspections/<id>/answers/<code>, based on the revision the page showed. A stale
// revision comes back as 409 with the stored answer, and the inspector chooses which one stays:
// nothing is overwritten silently. Without JavaScript the form posts the whole theme instead.
(function () {
  "use strict";
  var form = document.querySelector("form.answers[data-autosave]");
  if (!form) { return; }
  var api = form.getAttribute("data-api");
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  // Device copies belong to one user: on a shared tablet the next inspector never gets them.
  var storageKey = "inspectie:" + form.getAttribute("data-user") + ":" +
    form.getAttribute("data-inspection") + ":";
  var DEBOUNCE_MS = 700;

  function field(item, name) { return item.querySelector('[data-field="' + name + '"]'); }

  function values(item) {
    var checked = item.querySelector('[data-field="judgment"]:checked');
    return {
      judgment: checked ? checked.value : null,
      observation: field(item, "observation").value,
      reason: field(item, "reason").value
    };
  }

  function setValues(item, answer) {
    item.querySelectorAll('[data-field="judgment"]').forEach(function (radio) {
      radio.checked = radio.value === answer.judgment;
    });
    field(item, "observation").value = answer.observation;
    field(item, "reason").value = answer.reason;
  }

  function sameValues(a, b) {
    return a.judgment === b.judgment && a.observation === b.observation && a.reason === b.reason;
  }

  function setRevision(item, revision) {
    item.setAttribute("data-revision", String(revision));
    field(item, "revision").value = String(revision);
  }

  function state(item, text, kind) {
    var el = item.querySelector("[data-save-state]");
    el.textContent = "";
    el.className = "save-state" + (kind ? " save-" + kind : "");
    el.appendChild(document.createTextNode(text));
    return el;
  }

  // What is missing is tied to the controls, as the server renders it: every control of an
  // incomplete item describes itself with the list of problems, so a screen reader says what
  // is missing where it is typed, and the controls at fault (the answer's problem_fields) are
  // marked invalid.
  function markInvalid(el, described, invalid, listId) {
    if (!el) { return; }  // no upload control for a reader
    if (described) { el.setAttribute("aria-describedby", listId); } else { el.removeAttribute("aria-describedby"); }
    if (invalid) { el.setAttribute("aria-invalid", "true"); } else { el.removeAttribute("aria-invalid"); }
  }

  function showProblems(item, problems, atFault) {
    var list = item.querySelector("[data-problems]");
    list.textContent = "";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.textContent = p;
      list.appendChild(li);
    });
    var missing = problems.length > 0;
    markInvalid(item.querySelector("[data-judgments]"), missing, atFault.indexOf("judgment") >= 0, list.id);
    ["observation", "reason", "evidence"].forEach(function (name) {
      markInvalid(field(item, name), missing, atFault.indexOf(name) >= 0, list.id);
    });
    item.classList.toggle("incomplete", missing);
    updateProgress();
  }

  function updateProgress() {
    var items = form.querySelectorAll("fieldset.answer-item");
    var done = form.querySelectorAll("fieldset.answer-item:not(.incomplete)").length;
    var theme = document.querySelector("nav.theme-nav a[aria-current] [data-theme-count]");
    document.querySelectorAll("[data-theme-count]").forEach(function (el) {
      if (el === theme || el.closest("p")) { el.textContent = done + "/" + items.length; }
    });
    var bar = document.querySelector("nav.theme-nav a[aria-current] progress");
    if (bar) { bar.value = done; }
  }

  function clock() {
    var now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function remember(item) {
    try {
      var draft = values(item);
      draft.revision = Number(item.getAttribute("data-revision"));
      localStorage.setItem(storageKey + item.getAttribute("data-item"), JSON.stringify(draft));
    } catch (e) { /* private mode: autosave still works, only the device copy is lost */ }
  }

  function forget(item) {
    try { localStorage.removeItem(storageKey + item.getAttribute("data-item")); } catch (e) { }
  }

  function retryButton(item) {
    var el = state(item, "Niet opgeslagen. ", "error");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary button-small";
    button.textContent = "Opnieuw proberen";
    button.addEventListener("click", function () { save(item); });
    el.appendChild(button);
  }

  // The judgment as the page words it ("Voldoet deels"), not its code.
  function judgmentLabel(item, value) {
    if (!value) { return "geen oordeel"; }
    var label = value.replace(/_/g, " ");
    item.querySelectorAll('[data-field="judgment"]').forEach(function (radio) {
      if (radio.value === value && radio.parentElement) { label = radio.parentElement.textContent.trim(); }
    });
    return label;
  }

  function conflict(item, current) {
    var box = item.querySelector(".conflict-live") || document.createElement("div");
    box.className = "conflict conflict-live";
    box.setAttribute("role", "alert");
    box.textContent = "";
    var p = document.createElement("p");
    var who = current.updated_by ? current.updated_by : "iemand anders";
    p.textContent = "Intussen opgeslagen door " + who + ": " + judgmentLabel(item, current.judgment) +
      (current.observation ? " — " + current.observation : "");
    box.appendChild(p);
    var hint = document.createElement("p");
    hint.textContent = "Hierboven staat wat u invulde. Kies welke versie blijft.";
    box.appendChild(hint);
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "button";
    keep.textContent = "Mijn versie houden";
    keep.addEventListener("click", function () {
      // The fields still hold the inspector's version, with anything typed since the conflict.
      setRevision(item, current.revision);
      box.remove();
      save(item);
    });
    var take = document.createElement("button");
    take.type = "button";
    take.className = "button button-secondary";
    take.textContent = "Opgeslagen versie overnemen";
    take.addEventListener("click", function () {
      setValues(item, current);
      setRevision(item, current.revision);
      showProblems(item, current.problems || [], current.problem_fields || []);
      forget(item);
      box.remove();
      state(item, "Opgeslagen versie overgenomen.", "ok");
    });
    box.appendChild(keep);
    box.appendChild(take);
    item.querySelector("[data-save-state]").before(box);
    state(item, "Niet opgeslagen: kies welke versie blijft.", "error");
  }

  var timers = {};
  var inFlight = {};

  function save(item) {
    var code = item.getAttribute("data-item");
    clearTimeout(timers[code]);
    if (inFlight[code]) { inFlight[code].again = true; return; }
    var body = values(item);
    body.revision = Number(item.getAttribute("data-revision"));
    inFlight[code] = { again: false };
    state(item, "Opslaan…", "busy");
    fetch(api + "/answers/" + encodeURIComponent(code), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 200) {
        setRevision(item, result.data.revision);
        showProblems(item, result.data.problems, result.data.problem_fields);
        var stale = item.querySelector(".conflict-live");
        if (stale) { stale.remove(); }
        if (sameValues(values(item), body)) {
          forget(item);
          state(item, "Opgeslagen om " + clock(), "ok");
        } else {
          // Changed again while this save was under way: the device copy stays, on the new
          // revision, until the next save (already asked for) stores it.
          remember(item);
          state(item, "Wijziging nog niet opgeslagen…", "busy");
        }
      } else if (result.status === 409 && result.data.detail && result.data.detail.current) {
        conflict(item, result.data.detail.current);
      } else {
        state(item, result.data.error || "Niet opgeslagen.", "error");
      }
    }).catch(function () {
      remember(item);  // kept on this device until a save gets through
      retryButton(item);
    }).then(function () {
      var again = inFlight[code] && inFlight[code].again;
      delete inFlight[code];
      if (again) { save(item); }
    });
  }

  // While a conflict waits for the inspector's choice, edits are kept, not sent: they would
  // only be refused again. "Mijn versie houden" sends them.
  function inConflict(item) { return item.querySelector(".conflict-live") !== null; }

  function schedule(item, delay) {
    var code = item.getAttribute("data-item");
    remember(item);
    if (inConflict(item)) { return; }
    state(item, "Wijziging nog niet opgeslagen…", "busy");
    clearTimeout(timers[code]);
    timers[code] = setTimeout(function () { save(item); }, delay);
  }

  form.querySelectorAll("fieldset.answer-item").forEach(function (item) {
    item.addEventListener("change", function (event) {
      if (event.target.matches('[data-field="judgment"]')) { schedule(item, 0); }
    });
    item.addEventListener("input", function (event) {
      if (event.target.matches("textarea")) { schedule(item, DEBOUNCE_MS); }
    });
    item.addEventListener("focusout", function (event) {
      if (event.target.matches("textarea") && timers[item.getAttribute("data-item")] &&
          !inConflict(item)) {
        save(item);
      }
    });
    // A copy kept on this device from before a reload or a lost connection is offered back.
    try {
      var raw = localStorage.getItem(storageKey + item.getAttribute("data-item"));
      if (raw) {
        var draft = JSON.parse(raw);
        if (draft.revision === Number(item.getAttribute("data-revision"))) {
          setValues(item, draft);
          save(item);
        } else {
          forget(item);
        }
      }
    } catch (e) { /* no storage */ }
  });

  window.addEventListener("online", function () {
    form.querySelectorAll(".save-error").forEach(function (el) {
      var item = el.closest("fieldset.answer-item");
      if (!inConflict(item)) { save(item); }
    });
  });
})();
