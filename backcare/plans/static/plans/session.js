// Guided session: a hold timer or rep counter with pause, on top of a page that works
// without it (the Done and Skip buttons are plain form posts).
//
// Time is read from the clock, never counted: a phone that sleeps, or a page that is hidden,
// stops or slows the page's timers, and a count of ticks then falls behind. Each hold, rest
// or timed exercise ends at a moment on the clock, and the page catches up when it is seen.
(function () {
  "use strict";
  var box = document.querySelector(".session-timer");
  if (!box) { return; }
  var seconds = parseInt(box.dataset.seconds, 10) || 0;
  var reps = parseInt(box.dataset.reps, 10) || 0;
  var sets = parseInt(box.dataset.sets, 10) || 1;
  var perSide = box.dataset.perSide === "1";
  // Alternating (dead bug: one arm and leg, then the other): reps are counted in pairs, one
  // each side, and holds swap sides each time, with no turning over half-way.
  var alternating = perSide && box.dataset.alternating === "1";
  var display = box.querySelector(".timer-display");
  var status = box.querySelector(".timer-status");
  var go = box.querySelector(".timer-go");
  var pause = box.querySelector(".timer-pause");
  var count = box.querySelector(".timer-count");
  var finish = document.querySelector(".step-actions button[value=done]");
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var sound = box.querySelector(".timer-sound input");
  var audio = null;
  var counting = !seconds;
  var rounds = Math.max(reps, 1) * sets * (perSide && !(alternating && counting) ? 2 : 1);
  var REST = 4000;  // a short rest between holds, counted down, then the next one starts
  var SWITCH = 10000;  // time to turn over to the other side
  // Before the first of several holds, time to put the phone down and get into position,
  // counted down like a rest: the hold then starts with the same tone as the holds after it.
  var READY = seconds && rounds > 1 ? 10000 : 0;
  var LATE = 1500;  // a tone this much after its moment is news no more
  var done = 0;  // holds (or reps) finished
  var phase = "idle";  // "hold" or "rest" while running; "paused"; "over"
  var paused = "hold";  // the phase a pause stopped
  var endsAt = 0;  // the clock's time when the running phase ends
  var left = seconds * 1000;  // what is left of the phase while not running
  var ticking = null;
  var lock = null;

  function now() { return Date.now(); }
  function running() { return phase === "hold" || phase === "rest"; }
  function clock(s) {
    var m = Math.floor(s / 60);
    var r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }
  function side() {
    if (!perSide || alternating) { return ""; }
    return done < rounds / 2 ? " (first side)" : " (second side)";
  }
  function turning() { return perSide && !alternating && done === rounds / 2; }
  // The status line is a live region: it changes only when there is news (a hold starts,
  // ends or pauses), so a screen reader is not read the same words every second.
  // What the Done button says: "Done, next", or "Done: last one" on the last exercise.
  var last = !!finish && finish.firstChild.textContent.indexOf("last one") !== -1;
  function tapDone() { return last ? "tap Done to finish." : "tap Done, next."; }
  function say(text) {
    if (status.textContent !== text) { status.textContent = text; }
  }
  function remaining() {
    var ms = running() ? endsAt - now() : left;
    return Math.max(0, Math.ceil(ms / 1000));
  }
  function show() {
    if (!seconds) {
      display.textContent = done + " / " + rounds;
      var each = alternating ? "each pair: one side, then the other" : "each repetition" + side();
      say(done >= rounds ? "All done: " + tapDone() : "Tap +1 after " + each + ".");
      return;
    }
    if (phase === "over") {
      display.textContent = "Done";
      say((rounds > 1 ? "All done: " : "Time is up: ") + tapDone());
      return;
    }
    var resting = phase === "rest" || (phase === "paused" && paused === "rest");
    var first = resting && done === 0;  // getting into position for the first hold
    display.textContent = resting ? (first ? "Ready " : "Rest ") + remaining() : clock(remaining());
    if (phase === "paused") { say("Paused."); return; }
    var next = "hold " + (done + 1) + " of " + rounds + side();
    if (resting) {
      var swap = turning() || (alternating && !first);
      var what = first ? "Get into position" : swap ? "Change to the other side" : "Let go and rest";
      say(what + ": " + next + " starts by itself.");
    } else {
      say(rounds > 1 ? "Hold " + (done + 1) + " of " + rounds + side() : "");
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
  // A soft tone when a hold or the time ends, and a higher one when each hold starts (the
  // first after its count-down), for someone lying on the floor who is not looking at the
  // screen (a phone may not vibrate); made ready on the Start tap, as browsers allow sound
  // only after one. The choice is kept on this device.
  function ready() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context && sound && sound.checked) { audio = new Context(); }
  }
  function chime(pitch) {
    if (!calm && navigator.vibrate) { navigator.vibrate(pitch > 700 ? 100 : 200); }
    if (!audio || !sound || !sound.checked) { return; }
    if (audio.state === "suspended" && audio.resume) { audio.resume(); }
    var tone = audio.createOscillator();
    var level = audio.createGain();
    var at = audio.currentTime;
    tone.frequency.value = pitch;
    level.gain.setValueAtTime(0.0001, at);
    level.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    level.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
    tone.connect(level).connect(audio.destination);
    tone.start(at);
    tone.stop(at + 0.6);
  }
  // Keep the screen on while a timer runs, where the browser can; where it cannot, or says
  // no (low battery), the clock still keeps the time.
  function wake() {
    if (!navigator.wakeLock || document.visibilityState !== "visible") { return; }
    if (lock && !lock.released) { return; }
    lock = null;
    navigator.wakeLock.request("screen").then(function (sentinel) {
      lock = sentinel;
      if (!running()) { release(); }
    }, function () {});
  }
  function release() {
    var sentinel = lock;
    lock = null;
    if (sentinel && !sentinel.released) { sentinel.release().catch(function () {}); }
  }
  function run() {
    box.classList.add("running");
    pause.hidden = false;
    pause.textContent = "Pause";
    handOn(go, pause);
    go.hidden = true;
    if (!ticking) { ticking = window.setInterval(update, 250); }
    wake();
  }
  function stop() {
    window.clearInterval(ticking);
    ticking = null;
    box.classList.remove("running");
    pause.hidden = true;
    release();
  }
  // Move on by the clock: each hold that ended since the last look, each rest, and the end.
  // However many moments passed unseen (the screen was off), at most one tone plays, and
  // only the end's tone plays late, so a hold's tone never rings after the hold has gone.
  function update() {
    if (!running()) { return; }
    var t = now();
    var moment = null;
    var pitch = 0;
    while (running() && t >= endsAt) {
      moment = endsAt;
      if (phase === "rest") {
        phase = "hold";
        endsAt += seconds * 1000;
        pitch = 880;
        continue;
      }
      done += 1;
      pitch = 660;
      if (done >= rounds) {
        phase = "over";
      } else {
        phase = "rest";
        endsAt += turning() ? SWITCH : REST;
      }
    }
    if (moment !== null && (phase === "over" || t - moment <= LATE)) { chime(pitch); }
    if (phase === "over") { end(); }
    show();
  }
  function end() {
    handOn(pause, finish);
    stop();
    go.hidden = true;
    lead(true);
  }
  go.addEventListener("click", function () {
    if (running() || phase === "over") { return; }
    ready();
    if (phase === "paused") {
      phase = paused;
      endsAt = now() + left;
    } else if (READY) {
      phase = "rest";  // the first hold starts by itself, with its tone
      endsAt = now() + READY;
    } else {
      phase = "hold";
      endsAt = now() + left;
    }
    run();
    show();
  });
  pause.addEventListener("click", function () {
    update();
    if (!running()) { return; }
    paused = phase;
    left = Math.max(0, endsAt - now());
    phase = "paused";
    go.hidden = false;
    go.textContent = "Resume";
    handOn(pause, go);
    stop();
    show();
  });
  count.addEventListener("click", function () {
    if (done < rounds) { done += 1; }
    if (done >= rounds) { lead(true); }
    show();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") { return; }
    update();
    if (running()) { wake(); }
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
    go.textContent = rounds > 1 ? "Start the holds" : "Start timer";
  } else {
    go.hidden = true;
    count.hidden = false;
    if (alternating) { count.textContent = "+1 pair"; }
  }
  box.hidden = false;
  lead(false);
  show();
})();
