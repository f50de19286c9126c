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
