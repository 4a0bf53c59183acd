/* backcare in the browser: register the service worker, send queued check-ins when the
   connection returns, say so when they are sent, and turn on push on the reminders page. */
"use strict";

/* A check-in page kept for offline use carries the key it was first served with: make a
   fresh one each time a page opens, so that two check-ins made offline are two, while the
   same page sent twice (a second tap, a post replayed) is still one. */
(function () {
  const keys = document.querySelectorAll('input[name="submission_key"]');
  if (!keys.length || !window.crypto || !crypto.getRandomValues) return;
  for (const input of keys) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    input.value = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
})();

/* A message shown with a page that has just loaded ("Your preferences are saved", "Flare
   ended …") is there before a screen reader starts, so its status role alone is not read out:
   give it the focus, unless the page put the focus elsewhere (an error summary, a link to a
   part of the page: #main, the top of the content, is where the message is anyway). */
(function () {
  const box = document.querySelector("#main > .messages");
  const elsewhere = location.hash && location.hash !== "#main";
  if (!box || elsewhere || document.querySelector("[autofocus]")) return;
  box.setAttribute("tabindex", "-1");
  box.focus();
  // Going to #main focuses <main> once the page has loaded: come back to the message then.
  if (location.hash === "#main") {
    window.addEventListener("load", function () { box.focus(); }, { once: true });
  }
})();

(function () {
  if (!("serviceWorker" in navigator)) return;

  function banner(html, kind) {
    const main = document.getElementById("main");
    if (!main) return;
    const note = document.createElement("p");
    note.className = "message " + (kind || "success");
    note.setAttribute("role", "status");
    note.innerHTML = html;
    main.prepend(note);
  }

  function ask(type) {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({type});
  }

  function flush() {
    ask("flush");
    ask("announce");  // outcomes of entries sent while no page was listening
  }

  navigator.serviceWorker.register("/sw.js", {scope: "/"}).then(flush).catch(() => {});
  window.addEventListener("online", flush);

  navigator.serviceWorker.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "results-ready") {
      ask("announce");
    } else if (data.type === "checkin-sent") {
      banner('Your check-in made offline has been sent. <a href="' + data.result + '">See what backcare said about it</a>.');
    } else if (data.type === "checkin-refused") {
      banner('A check-in made offline could not be saved (error ' + Number(data.status) +
             '). <a href="' + data.result + '">See why</a>, then fill it in again.', "error");
    } else if (data.type === "checkin-needs-login") {
      banner("Log in to send the check-in you made offline; it is kept on this device until then.", "error");
    }
  });

  /* --- the reminders page: notifications on this device ----------------------------- */

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - base64url.length % 4) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  async function subscribe(button) {
    const status = document.getElementById(button.dataset.status);
    const say = (text) => { if (status) status.textContent = text; };
    if (!("PushManager" in window) || !("Notification" in window)) {
      say("This browser cannot show notifications from websites. Use e-mail or the calendar instead.");
      return;
    }
    if (await Notification.requestPermission() !== "granted") {
      say("Notifications are blocked for this site. Allow them in the browser's site settings, then try again.");
      return;
    }
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({
      userVisibleOnly: true, applicationServerKey: keyBytes(button.dataset.key),
    });
    const response = await fetch(button.dataset.url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(subscription.toJSON()),
    });
    say(response.ok ? "Notifications are on for this device." : "Could not save this device; please try again.");
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-push-subscribe]");
    if (!button) return;
    event.preventDefault();
    subscribe(button).catch(() => {
      const status = document.getElementById(button.dataset.status);
      if (status) status.textContent = "Could not turn on notifications on this device.";
    });
  });
})();

/* Tapping a part of the body map ticks its box (an empty <label for> over the picture) and
   the browser then scrolls down to the box, taking the map out of sight: tick it without
   moving the page, so the next part can be tapped straight away. Without script the label
   still ticks the box. Listened for on the document: the back check's steps arrive by htmx. */
document.addEventListener("click", function (event) {
  const hit = event.target instanceof Element && event.target.closest("label.bm-hit");
  const box = hit && document.getElementById(hit.htmlFor);
  if (!box || box.disabled) return;
  event.preventDefault();
  box.click();  // toggles it and sends the usual input and change events
});
