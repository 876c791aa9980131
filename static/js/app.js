// The narrative-text editor: a contenteditable area that keeps paragraphs from
// Word and typed text, backed by the form's textarea so the page works without
// JavaScript. Everything inserted passes through `clean`, which rebuilds the
// content from an inert document with a small allow-list of tags.
(function () {
  "use strict";

  const ALLOWED = new Set(["P", "BR", "STRONG", "B", "EM", "I", "U", "UL", "OL", "LI", "SUP", "SUB"]);
  const BLOCKS = new Set(["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "SECTION", "ARTICLE", "TR"]);

  function cleanChildren(source, target) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        const tag = node.tagName.toUpperCase();
        if (tag === "SCRIPT" || tag === "STYLE" || tag === "TEMPLATE" || tag === "XML") continue;
        if (ALLOWED.has(tag)) {
          const copy = document.createElement(tag.toLowerCase());
          cleanChildren(node, copy);
          target.appendChild(copy);
        } else if (BLOCKS.has(tag)) {
          const p = document.createElement("p");
          cleanChildren(node, p);
          if (p.textContent.trim()) target.appendChild(p);
        } else {
          cleanChildren(node, target);
        }
      }
    }
  }

  // Text and inline tags left at the top level (a first line typed into an empty
  // editor, say) are gathered into paragraphs, as the server does.
  function wrapLoose(container) {
    let run = null;
    for (const node of Array.from(container.childNodes)) {
      const isBlock = node.nodeType === Node.ELEMENT_NODE && ["P", "UL", "OL"].includes(node.tagName);
      if (isBlock) {
        run = null;
        continue;
      }
      if (!run) {
        run = document.createElement("p");
        container.insertBefore(run, node);
      }
      run.appendChild(node);
    }
    for (const p of Array.from(container.querySelectorAll(":scope > p"))) {
      if (!p.textContent.trim()) p.remove();
    }
  }

  // Style attributes go before parsing: even an inert parsed document makes
  // Chromium check them against the page's Content-Security-Policy and complain.
  // Only the insides of tags are touched, never the text.
  function dropStyles(html) {
    return html.replace(/<[^>]*>/g, function (tag) {
      return tag.replace(/\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "");
    });
  }

  function clean(html) {
    const parsed = new DOMParser().parseFromString(dropStyles(html), "text/html");
    const out = document.createElement("div");
    cleanChildren(parsed.body, out);
    wrapLoose(out);
    return out.innerHTML;
  }

  function textToParagraphs(text) {
    const out = document.createElement("div");
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const p = document.createElement("p");
      p.textContent = line.trim();
      out.appendChild(p);
    }
    return out.innerHTML;
  }

  function looksLikeHtml(value) {
    return /<\/?[a-z][^>]*>/i.test(value);
  }

  function setupEditor(editor) {
    const textarea = document.getElementById(editor.dataset.richEditor);
    if (!textarea) return;
    const value = textarea.value;
    editor.innerHTML = looksLikeHtml(value) ? clean(value) : textToParagraphs(value);
    // Typing always happens inside a paragraph, never as loose text.
    if (!editor.innerHTML.trim()) editor.innerHTML = "<p><br></p>";
    textarea.hidden = true;
    editor.hidden = false;
    const toolbar = editor.parentElement.querySelector("[data-editor-toolbar]");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        const button = event.target.closest("[data-command]");
        if (!button) return;
        editor.focus();
        document.execCommand(button.dataset.command, false, null);
      });
    }
    document.execCommand("defaultParagraphSeparator", false, "p");
    editor.addEventListener("paste", function (event) {
      const data = event.clipboardData;
      if (!data) return;
      event.preventDefault();
      const html = data.getData("text/html");
      const inserted = html ? clean(html) : textToParagraphs(data.getData("text/plain"));
      document.execCommand("insertHTML", false, inserted);
    });
    editor.closest("form").addEventListener("submit", function () {
      textarea.value = clean(editor.innerHTML);
    });
  }

  function setupPlanCreate() {
    const data = document.getElementById("template-years");
    const select = document.getElementById("id_template");
    if (!data || !select) return;
    const years = JSON.parse(data.textContent);
    select.addEventListener("change", function () {
      const chosen = years[select.value];
      if (!chosen) return;
      document.getElementById("id_base_year").value = chosen.base;
      document.getElementById("id_vision_year").value = chosen.vision;
    });
  }

  // "Quote the selected passage" on the opinion form: remember the last selection
  // made inside the node's text (clicking the button must not lose it).
  function setupQuoting() {
    const button = document.querySelector("[data-quote-selection]");
    const target = document.querySelector("[data-quote-target]");
    if (!button || !target) return;
    // Where a whole version is read (衔接), the form also names the chapter: the
    // heading (id "node-…") before the selected passage.
    const nodeSelect = document.querySelector("[data-quote-node]");
    let lastSelection = "";
    let lastNode = "";
    document.addEventListener("selectionchange", function () {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed) return;
      const node = selection.anchorNode && (selection.anchorNode.closest ? selection.anchorNode : selection.anchorNode.parentElement);
      if (node && node.closest && node.closest(".doc-text")) {
        lastSelection = selection.toString().trim();
        let block = node.closest(".doc-text > *");
        while (block && !(block.id && block.id.startsWith("node-"))) block = block.previousElementSibling;
        lastNode = block ? block.id.slice(5) : "";
      }
    });
    button.hidden = false;
    button.addEventListener("click", function () {
      if (lastSelection) {
        target.value = lastSelection;
        if (nodeSelect && lastNode) nodeSelect.value = lastNode;
        target.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-rich-editor]").forEach(setupEditor);
    setupPlanCreate();
    setupQuoting();
  });
})();
