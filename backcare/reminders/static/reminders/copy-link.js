/* The reminders page: "Copy link" for the calendar link. The button stays hidden without
   JavaScript (the link can still be selected in its box); the site's CSP allows scripts
   from this server only, so this lives in a file rather than inline. */
"use strict";

(function () {
  for (const button of document.querySelectorAll("[data-copy-from]")) {
    const field = document.getElementById(button.dataset.copyFrom);
    const status = document.getElementById(button.dataset.status);
    if (!field) continue;
    const say = (text) => { if (status) status.textContent = text; };
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        say("Link copied. Paste it where your calendar asks for a calendar address (URL).");
      } catch (error) {
        field.focus();
        field.select();
        say("Could not copy by itself: the link is selected, copy it from the box below.");
      }
    });
  }
})();
