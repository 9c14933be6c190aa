// The gallery's only script: copy buttons, and filtering the listed items as one types. The page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = "Copied";
      } catch (e) {
        button.textContent = "Select and copy";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 2000);
    });
  }
  for (const input of document.querySelectorAll("input[data-filter]")) {
    const list = document.getElementById(input.dataset.filter);
    const none = document.getElementById("no-match");
    const apply = () => {
      const needle = input.value.trim().toLowerCase();
      let shown = 0;
      for (const item of list.querySelectorAll("li[data-name]")) {
        const match = item.dataset.name.includes(needle);
        item.hidden = !match;
        if (match) shown++;
      }
      if (none) none.hidden = shown > 0 || list.children.length === 0;
    };
    input.addEventListener("input", apply);
    apply();
  }
});
