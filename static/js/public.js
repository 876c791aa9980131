// The public's chapter page: the link to the suggestion form carries the passage
// the reader selected in the chapter's text (no script: the link still works).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const link = document.querySelector("[data-suggest-link]");
    if (!link) return;
    const base = link.getAttribute("href");
    const label = link.querySelector("[data-suggest-label]");
    document.addEventListener("selectionchange", function () {
      const selection = window.getSelection();
      const text = selection && !selection.isCollapsed ? selection.toString().trim() : "";
      const anchor = selection && selection.anchorNode;
      const node = anchor && (anchor.closest ? anchor : anchor.parentElement);
      if (text && node && node.closest && node.closest(".doc-text")) {
        link.setAttribute("href", base + "&quote=" + encodeURIComponent(text.slice(0, 1000)));
        if (label) label.textContent = label.dataset.selected;
      }
    });
  });
})();
