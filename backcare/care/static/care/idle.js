/* Clinician pages: warn before the idle sign-out, and hide patients' data once it has come.

   The server ends a clinician's session after some minutes without a request
   (backcare/care/idle.py). Reading or typing makes no request, so the page keeps its own
   estimate of the deadline; near it, it asks the server how long is left (asking is not
   activity, and another tab may have been busy). Two minutes before the end it offers
   "Stay logged in" (a request to /clinician/still-here/); once the server says the session
   has ended, it hides the page behind a notice, so that an unattended screen does not go on
   showing patients' data. */
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="backcare-idle"]');
  if (!meta || typeof HTMLDialogElement === "undefined") return;
  const config = JSON.parse(meta.content);
  let deadline = Date.now() + config.seconds * 1000; // the server noted a request at most a minute ago
  let asked = 0;
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

  function warning() { return document.getElementById("idle-warning"); }

  function closeWarning() {
    const open = warning();
    if (open) { open.close(); open.remove(); }
  }

  function warn(secondsLeft) {
    if (warning()) return;
    const minutes = Math.max(1, Math.round(secondsLeft / 60));
    const box = dialog("idle-warning", "Still there?",
      "For patients' privacy you will be logged out in " + minutes + " minute" +
      (minutes === 1 ? "" : "s") + " without activity." +
      (typing() ? " What you are typing has not been sent yet." : ""));
    const stay = document.createElement("button");
    stay.type = "button";
    stay.textContent = "Stay logged in";
    stay.addEventListener("click", stillHere);
    box.append(stay);
    box.addEventListener("cancel", (event) => { event.preventDefault(); stillHere(); });
    box.showModal();
  }

  function stillHere() {
    fetch(config.ping, {credentials: "same-origin", redirect: "manual"})
      .then((answer) => {
        if (answer.status !== 204) return ask(); // logged out already, most likely
        deadline = Date.now() + config.minutes * 60 * 1000; // counted from this request
        closeWarning();
      })
      .catch(() => {}); // offline: the warning stays
  }

  function ask() {
    asked = Date.now();
    return fetch(config.left, {credentials: "same-origin"})
      .then((answer) => answer.json())
      .then((answer) => {
        const left = answer.seconds_left;
        if (left <= 0) return end("You have been logged out",
          "You were logged out after " + config.minutes + " minutes without activity, to " +
          "keep patients' data safe. Anything not sent was not saved.");
        deadline = Date.now() + left * 1000;
        if (left <= config.warn) warn(left); else closeWarning(); // another tab was busy
      })
      .catch(() => { // offline: the server cannot say, so the page hides itself anyway
        if (Date.now() >= deadline) end("This page is hidden",
          "For patients' privacy this page is hidden after " + config.minutes + " minutes " +
          "without activity.");
      });
  }

  function end(heading, text) {
    if (ended) return;
    ended = true;
    closeWarning();
    document.body.classList.add("idle-ended");
    for (const part of document.body.children) part.inert = true;
    const box = dialog("idle-ended", heading, text);
    const again = document.createElement("a");
    again.className = "button";
    again.href = config.login;
    again.textContent = "Log in again";
    box.append(again);
    box.addEventListener("cancel", (event) => event.preventDefault());
    box.showModal();
  }

  function check() {
    if (ended) return;
    const left = deadline - Date.now();
    // Ask near the end (every 15 s at most), and always once the estimate has run out.
    if (left <= 0 || (left <= config.warn * 1000 && Date.now() - asked >= 15000)) ask();
  }

  document.addEventListener("htmx:afterRequest", () => {
    deadline = Math.max(deadline, Date.now() + config.seconds * 1000);
  });
  document.addEventListener("visibilitychange", check); // a laptop woken from sleep
  setInterval(check, 5000);
})();
