/* Clinician and admin pages: warn before the idle sign-out, and take patients' data off the screen
   once the session has ended.

   The server ends a clinician's session after some minutes without a request
   (backcare/care/idle.py). Reading or typing makes no request, so the page asks the server
   how long is left (GET /clinician/idle-left/, which is not activity): every minute, when
   the tab is shown again, and often near the end. Two minutes before the end it offers
   "Stay logged in" (POST /clinician/still-here/, which is activity). Once the server says
   the session has ended (the limit, or Log out in another tab), everything else on the page
   is removed, leaving a notice and a link to log in again. */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="backcare-idle"]');
  if (!meta || typeof HTMLDialogElement === "undefined") return;
  const config = JSON.parse(meta.content);
  const tabs = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("backcare-idle");
  let deadline = Date.now() + config.seconds * 1000; // the page's estimate until it asks
  let asked = 0;
  let asking = 0; // which question was asked last: only its answer counts
  let ended = false;

  function dialog(id, heading, text) {
    const box = document.createElement("dialog");
    box.id = id;
    box.className = "idle-dialog";
    box.setAttribute("aria-labelledby", id + "-heading");
    box.setAttribute("aria-describedby", id + "-text");
    const title = document.createElement("h2");
    title.id = id + "-heading";
    title.textContent = heading;
    const body = document.createElement("p");
    body.id = id + "-text";
    body.textContent = text;
    box.append(title, body);
    document.body.append(box);
    return box;
  }

  function typing() {
    return Array.from(document.querySelectorAll("main textarea, main input[type=text]"))
      .some((field) => field.value.trim() !== "" && field.value !== field.defaultValue);
  }

  function warningText(secondsLeft) {
    const minutes = Math.max(1, Math.round(secondsLeft / 60));
    return "For patients' privacy you will be logged out in " + minutes + " minute" +
      (minutes === 1 ? "" : "s") + " without activity." +
      (typing() ? " What you are typing has not been sent yet." : "");
  }

  function warning() { return document.getElementById("idle-warning"); }

  function closeWarning() {
    const open = warning();
    if (open) { open.close(); open.remove(); }
  }

  function warn(secondsLeft) {
    const open = warning();
    if (open) { // still open: keep its count true
      document.getElementById("idle-warning-text").textContent = warningText(secondsLeft);
      return;
    }
    const box = dialog("idle-warning", "Still there?", warningText(secondsLeft));
    const stay = document.createElement("button");
    stay.type = "button";
    stay.className = "button";
    stay.textContent = "Stay logged in";
    stay.addEventListener("click", stillHere);
    box.append(stay);
    box.addEventListener("cancel", (event) => { event.preventDefault(); stillHere(); });
    box.showModal();
  }

  function stillHere() {
    fetch(config.ping, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"X-CSRFToken": config.csrf},
    })
      .then((answer) => {
        if (answer.status !== 204) return ask(); // logged out already, most likely
        deadline = Date.now() + config.minutes * 60 * 1000; // counted from this request
        closeWarning();
      })
      .catch(() => {}); // offline: the warning stays
  }

  function ask() {
    const mine = ++asking;
    asked = Date.now();
    return fetch(config.left, {credentials: "same-origin", cache: "no-store"})
      .then((answer) => answer.json())
      .then((answer) => {
        // An older answer that comes late would undo a newer one (close the warning).
        if (mine !== asking) return;
        const left = answer.seconds_left;
        if (left <= 0) return end("You have been logged out",
          "You were logged out, after " + config.minutes + " minutes without activity or " +
          "in another tab, to keep patients' data safe. Anything not sent was not saved.");
        document.body.classList.remove("idle-checking");
        deadline = Date.now() + left * 1000;
        if (left <= config.warn) warn(left); else closeWarning(); // another tab was busy
      })
      .catch(() => { // offline: the server cannot say, so past the estimate the page goes
        if (mine === asking && Date.now() >= deadline) end("This page was closed",
          "For patients' privacy the page was closed after " + config.minutes + " minutes " +
          "without activity.");
      });
  }

  function end(heading, text) {
    if (ended) return;
    ended = true;
    closeWarning();
    // Removed, not hidden: nothing of the patients' data stays in the page.
    for (const part of Array.from(document.body.children)) part.remove();
    document.body.classList.remove("idle-checking");
    const box = dialog("idle-ended", heading, text);
    const again = document.createElement("a");
    again.className = "button";
    again.href = config.login;
    again.textContent = "Log in again";
    box.append(again);
    box.addEventListener("cancel", (event) => event.preventDefault());
    box.showModal();
    if (tabs) tabs.postMessage("ended");
  }

  function check() {
    if (ended) return;
    const now = Date.now();
    const left = deadline - now;
    // Every minute, every 15 s near the end, and always once the estimate has run out.
    if (left <= 0 || now - asked >= (left <= config.warn * 1000 ? 15000 : 60000)) ask();
  }

  function shownAgain() { // a tab brought back, or a laptop woken: cover first if late
    if (ended || document.visibilityState === "hidden") return;
    const late = Date.now() >= deadline;
    if (late) document.body.classList.add("idle-checking");
    if (late || Date.now() - asked >= 5000) ask();
  }

  // Another tab logged out or saw the session end: ask once its request has gone through.
  if (tabs) tabs.onmessage = () => { if (!ended) setTimeout(ask, 1500); };
  for (const form of document.querySelectorAll("form[action$='/logout/']")) {
    form.addEventListener("submit", () => { if (tabs) tabs.postMessage("ended"); });
  }
  document.addEventListener("visibilitychange", shownAgain);
  window.addEventListener("pageshow", shownAgain);
  window.addEventListener("focus", shownAgain);
  asked = Date.now(); // the page itself was the last request
  setInterval(check, 5000);
})();
