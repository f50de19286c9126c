// Causerie's own script: small enhancements over pages that work without it.
"use strict";

// "Copy the link": copy to the clipboard and count the share, without leaving the page.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  try {
    await navigator.clipboard.writeText(link.dataset.copy);
    link.textContent = link.dataset.copied || link.textContent;
    link.setAttribute("aria-live", "polite");
  } catch {
    window.location.href = link.href;
    return;
  }
  fetch(link.href, { credentials: "same-origin", redirect: "manual" });
});

// After an in-place action, move the focus where the reader's attention goes next. htmx itself
// focuses an element marked autofocus in what it swapped in (a form that opened, an error, a
// message); what is left here: the comment just edited or posted.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt;
  if (!(target instanceof Element) || target.matches("form.votes")) return;
  if (target.querySelector("[autofocus]")) return;
  const posted = target.querySelectorAll(".comment-item--posted > article.comment");
  const focus = target.matches("article.comment") ? target : posted[posted.length - 1];
  focus?.focus();
});

// A reply posted in place lands among the replies (an out-of-band swap): focus it.
document.addEventListener("htmx:oobAfterSwap", (event) => {
  const posted = event.detail.target?.querySelectorAll?.(".comment-item--posted > article.comment");
  posted?.[posted.length - 1]?.focus();
});

// After an in-place vote, the buttons are new: give the focus back to the one that was used.
let lastVote = null;
document.addEventListener("htmx:configRequest", (event) => {
  const submitter = event.detail.triggeringEvent?.submitter;
  lastVote = submitter?.closest("form.votes") ? submitter.value : null;
});
document.addEventListener("htmx:afterSettle", (event) => {
  const form = event.detail.elt;
  if (lastVote && form instanceof Element && form.matches("form.votes")) {
    form.querySelector(`button[value="${lastVote}"]`)?.focus();
    lastVote = null;
  }
});

// "Cancel" under a form opened in place: close it instead of leaving the page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-dismiss]");
  if (!link || !window.htmx) return;
  const slot = document.querySelector(link.dataset.dismiss);
  if (!slot || !slot.contains(link)) return;
  event.preventDefault();
  const opener = slot.closest("article.comment")?.querySelector(".comment__actions a");
  slot.replaceChildren();
  opener?.focus();
});

// An in-place action refused by the server (400, 403, 404…): say why, where messages go.
document.addEventListener("htmx:responseError", (event) => {
  const flash = document.getElementById("flash");
  if (!flash) return;
  const message = document.createElement("p");
  message.className = "message message--error";
  message.setAttribute("role", "alert");
  const text = event.detail.xhr.responseText || "";
  message.textContent = text.length < 300 && !text.includes("<") ? text : flash.dataset.error;
  flash.replaceChildren(message);
});

// New comments while reading: every few seconds (a fourth as often in a background tab) the page
// asks whether comments were posted since it was made. Nothing changed: a 304 that costs the
// server one query. Otherwise a notice (announced politely) offers to show them; they are put
// where they belong, and the focus moves to the first. Nothing moves on its own.
const live = document.getElementById("live-notice");
if (live && window.fetch && live.dataset.since) {
  const every = Math.max(Number(live.dataset.every) || 30, 1) * 1000;
  let etag = null;
  let timer = null;
  const check = async () => {
    timer = null;
    try {
      const url = `${live.dataset.url}?depuis=${encodeURIComponent(live.dataset.since)}`;
      const response = await fetch(url, {
        credentials: "same-origin",
        headers: etag ? { "If-None-Match": etag } : {},
      });
      if (response.status === 404 || response.status === 410) return; // gone, or closed
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        const html = (await response.text()).trim();
        if (html !== live.innerHTML.trim()) {
          live.innerHTML = html;
          window.htmx?.process(live);
        }
      }
    } catch {
      // offline for a moment: ask again later
    }
    schedule();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(check, document.hidden ? every * 4 : every);
  };
  document.addEventListener("visibilitychange", schedule);
  schedule();

  // A comment already on the page (posted in place by the reader, say) is not put there twice.
  document.addEventListener("htmx:oobBeforeSwap", (event) => {
    const item = event.detail.fragment?.querySelector?.(".comment-item--live");
    if (item && document.getElementById(item.id)) event.detail.shouldSwap = false;
  });
  // Once shown: the focus on the first, and the next question counts from now.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.elt !== live) return;
    const shown = document.querySelectorAll(".comment-item--live > article.comment");
    shown[0]?.focus();
    shown.forEach((comment) => comment.parentElement.classList.remove("comment-item--live"));
    live.dataset.since = event.detail.xhr?.getResponseHeader("X-Live-Since") || live.dataset.since;
    etag = null;
  });
}

// Completing a member's name after "@" in a message (the ARIA 1.2 combobox pattern, over the
// plain textarea that works without it): from the second character, the names that begin so
// (accounts:suggestions, through htmx) are offered below the field; arrows move among them,
// Enter or Tab chooses, Escape closes, and typing on ignores them.
const mentions = (() => {
  const before = /(?<![\p{L}\p{N}_.+\-@/])@([\p{L}\p{N}_.+\-]{2,150})$/u;
  let timer = null;

  const listboxOf = (field) => document.getElementById(field.getAttribute("aria-controls"));

  function setUp(field) {
    if (field.dataset.mentionsReady) return field;
    field.dataset.mentionsReady = "1";
    const listbox = document.createElement("ul");
    listbox.id = `${field.id || "message"}-mentions`;
    listbox.className = "mention-options";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", field.dataset.mentionsLabel || "@");
    listbox.hidden = true;
    field.after(listbox);
    field.parentElement.classList.add("has-mentions");
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", listbox.id);
    field.setAttribute("aria-expanded", "false");
    return field;
  }

  function typed(field) {
    if (field.selectionStart !== field.selectionEnd) return null;
    const match = before.exec(field.value.slice(0, field.selectionStart));
    return match ? match[1] : null;
  }

  function options(field) {
    return [...listboxOf(field).querySelectorAll("[role=option]")];
  }

  function activate(field, option) {
    for (const each of options(field)) each.setAttribute("aria-selected", String(each === option));
    if (option) {
      field.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      field.removeAttribute("aria-activedescendant");
    }
  }

  function close(field) {
    const listbox = listboxOf(field);
    if (!listbox) return;
    listbox.hidden = true;
    listbox.replaceChildren();
    delete listbox.dataset.prefix;
    field.setAttribute("aria-expanded", "false");
    field.removeAttribute("aria-activedescendant");
  }

  function ask(field) {
    clearTimeout(timer);
    const prefix = typed(field);
    if (!prefix || !window.htmx) {
      delete field.dataset.mentionsDismissed;
      close(field);
      return;
    }
    if (prefix === field.dataset.mentionsDismissed) return;
    timer = setTimeout(() => {
      if (typed(field) !== prefix) return;
      const listbox = listboxOf(field);
      listbox.dataset.asked = prefix;
      const url = `${field.dataset.mentions}?q=${encodeURIComponent(prefix)}`;
      // The list is the source: a field as source would send the whole message along.
      htmx.ajax("GET", url, { source: listbox, target: listbox, swap: "innerHTML" });
    }, 150);
  }

  function shown(field) {
    const listbox = listboxOf(field);
    const found = options(field);
    if (!found.length || typed(field) !== listbox.dataset.asked) {
      close(field);
      return;
    }
    for (const other of document.querySelectorAll("textarea[data-mentions][aria-expanded=true]")) {
      if (other !== field) close(other);
    }
    listbox.dataset.prefix = listbox.dataset.asked;
    listbox.hidden = false;
    field.setAttribute("aria-expanded", "true");
    activate(field, found[0]);
  }

  function choose(field, option) {
    const prefix = typed(field) ?? listboxOf(field).dataset.prefix;
    const end = field.selectionStart;
    const start = end - prefix.length;
    const name = `${option.dataset.username} `;
    field.setRangeText(name, start, end, "end");
    close(field);
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function keydown(field, event) {
    if (field.getAttribute("aria-expanded") !== "true") return;
    const found = options(field);
    const current = found.findIndex((o) => o.id === field.getAttribute("aria-activedescendant"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(field, found[(current + step + found.length) % found.length]);
    } else if ((event.key === "Enter" || event.key === "Tab") && current >= 0) {
      choose(field, found[current]);
    } else if (event.key === "Escape") {
      field.dataset.mentionsDismissed = typed(field) || "";
      close(field);
      event.stopPropagation();
    } else {
      return;
    }
    event.preventDefault();
  }

  return { setUp, ask, shown, choose, keydown, close };
})();

document.addEventListener("focusin", (event) => {
  const field = event.target.closest?.("textarea[data-mentions]");
  if (field) mentions.setUp(field);
});
document.addEventListener("input", (event) => {
  const field = event.target.closest?.("textarea[data-mentions]");
  if (field) mentions.ask(mentions.setUp(field));
});
document.addEventListener("keydown", (event) => {
  const field = event.target.closest?.("textarea[data-mentions]");
  if (field) mentions.keydown(field, event);
});
document.addEventListener("focusout", (event) => {
  const field = event.target.closest?.("textarea[data-mentions][aria-expanded=true]");
  if (field) mentions.close(field);
});
document.addEventListener("click", (event) => {
  const field = event.target.closest?.("textarea[data-mentions][aria-controls]");
  if (field && field.selectionStart === field.selectionEnd) mentions.ask(field);
});
// A click on an option chooses it; mousedown would otherwise take the focus from the field.
document.addEventListener("mousedown", (event) => {
  const option = event.target.closest?.(".mention-options [role=option]");
  if (!option) return;
  event.preventDefault();
  const field = document.querySelector(`[aria-controls="${option.parentElement.id}"]`);
  if (field) mentions.choose(field, option);
});
document.addEventListener("htmx:afterSettle", (event) => {
  const listbox = event.target;
  if (!(listbox instanceof Element) || !listbox.matches(".mention-options")) return;
  const field = document.querySelector(`[aria-controls="${listbox.id}"]`);
  if (field) mentions.shown(field);
});
// A refused completion (too many at once) closes the list, without the error message of
// other in-place actions.
document.addEventListener(
  "htmx:responseError",
  (event) => {
    const listbox = event.detail.elt;
    if (!(listbox instanceof Element) || !listbox.matches(".mention-options")) return;
    event.stopImmediatePropagation();
    const field = document.querySelector(`[aria-controls="${listbox.id}"]`);
    if (field) mentions.close(field);
  },
  true,
);
