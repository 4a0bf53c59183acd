// Guided session: a hold timer or rep counter with pause, on top of a page that works
// without it (the Done and Skip buttons are plain form posts).
(function () {
  "use strict";
  var box = document.querySelector(".session-timer");
  if (!box) { return; }
  var seconds = parseInt(box.dataset.seconds, 10) || 0;
  var reps = parseInt(box.dataset.reps, 10) || 0;
  var sets = parseInt(box.dataset.sets, 10) || 1;
  var perSide = box.dataset.perSide === "1";
  var display = box.querySelector(".timer-display");
  var status = box.querySelector(".timer-status");
  var go = box.querySelector(".timer-go");
  var pause = box.querySelector(".timer-pause");
  var count = box.querySelector(".timer-count");
  var finish = document.querySelector(".step-actions button[value=done]");
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var sound = box.querySelector(".timer-sound input");
  var audio = null;
  var rounds = Math.max(reps, 1) * sets * (perSide ? 2 : 1);
  var done = 0;
  var left = seconds;
  var ticking = null;

  function clock(s) {
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function side() {
    if (!perSide) { return ""; }
    return done < rounds / 2 ? " (first side)" : " (second side)";
  }
  // The status line is a live region: it changes only when there is news (a hold starts,
  // ends or pauses), so a screen reader is not read the same words every second.
  function say(text) {
    if (status.textContent !== text) { status.textContent = text; }
  }
  function show() {
    if (seconds) {
      display.textContent = clock(left);
      say(rounds > 1 ? "Hold " + Math.min(done + 1, rounds) + " of " + rounds + side() : "");
    } else {
      display.textContent = done + " / " + rounds;
      say(done >= rounds ? "All done: tap Done, next." : "Tap +1 after each repetition" + side() + ".");
    }
  }
  // A button that hides itself hands the keyboard focus on, rather than dropping it on
  // the page: call this before hiding the button that may have it.
  function handOn(from, to) {
    if (to && document.activeElement === from) { to.focus(); }
  }
  // The timer or counter leads until every hold or rep is done; then "Done" does, so the
  // big button never invites skipping the exercise.
  function lead(ready) {
    if (finish) {
      finish.classList.toggle("primary-action", ready);
      finish.classList.toggle("secondary", !ready);
    }
    count.classList.toggle("secondary", ready);
  }
  // A soft tone when a hold ends, for someone lying on the floor who is not looking at the
  // screen (a phone may not vibrate); made ready on the Start tap, as browsers allow sound
  // only after one. The choice is kept on this device.
  function ready() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context && sound && sound.checked) { audio = new Context(); }
  }
  function chime() {
    if (!audio || !sound || !sound.checked) { return; }
    var tone = audio.createOscillator();
    var level = audio.createGain();
    var now = audio.currentTime;
    tone.frequency.value = 660;
    level.gain.setValueAtTime(0.0001, now);
    level.gain.exponentialRampToValueAtTime(0.3, now + 0.02);
    level.gain.exponentialRampToValueAtTime(0.0001, now + 0.6);
    tone.connect(level).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.6);
  }
  function stop() {
    window.clearInterval(ticking);
    ticking = null;
    box.classList.remove("running");
    pause.hidden = true;
  }
  function tick() {
    left -= 1;
    if (left > 0) { show(); return; }
    done += 1;
    left = seconds;
    chime();
    if (done >= rounds) {
      handOn(pause, finish);
      stop();
      display.textContent = "Done";
      say("All done: tap Done, next.");
      go.hidden = true;
      lead(true);
      return;
    }
    go.textContent = "Start the next one";
    go.hidden = false;
    handOn(pause, go);
    stop();
    show();
    say("Rest a breath, then start hold " + (done + 1) + " of " + rounds + side() + ".");
    if (!calm && navigator.vibrate) { navigator.vibrate(200); }
  }
  go.addEventListener("click", function () {
    if (ticking) { return; }
    ready();
    ticking = window.setInterval(tick, 1000);
    box.classList.add("running");
    pause.hidden = false;
    pause.textContent = "Pause";
    handOn(go, pause);
    go.hidden = true;
    show();
  });
  pause.addEventListener("click", function () {
    go.hidden = false;
    go.textContent = "Resume";
    handOn(pause, go);
    stop();
    say("Paused.");
  });
  count.addEventListener("click", function () {
    if (done < rounds) { done += 1; }
    if (done >= rounds) { lead(true); }
    show();
  });
  if (sound) {
    sound.checked = window.localStorage.getItem("backcare-hold-sound") !== "off";
    sound.addEventListener("change", function () {
      window.localStorage.setItem("backcare-hold-sound", sound.checked ? "on" : "off");
      if (sound.checked) { ready(); }
    });
  }
  // Counting reps, the count is news; counting down, only the status line speaks.
  display.setAttribute("aria-live", seconds ? "off" : "polite");
  if (seconds) {
    go.textContent = "Start " + (rounds > 1 ? "hold 1" : "timer");
  } else {
    go.hidden = true;
    count.hidden = false;
  }
  box.hidden = false;
  lead(false);
  show();
})();
