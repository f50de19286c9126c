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
