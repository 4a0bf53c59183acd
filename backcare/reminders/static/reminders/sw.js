/* backcare service worker. Served at /sw.js by backcare/reminders/pwa.py, which puts
   CONFIG (URLs to cache, where check-ins are posted) and VERSION above this file.

   - Caches the app shell on install and each check-in page when it is visited online,
     so the check-in opens without a connection.
   - A form posted under CONFIG.queuePrefix while offline is kept in IndexedDB exactly as
     sent (same URL, same fields) and posted again when the connection returns. If its
     safety answers are worrying, the emergency advice shows at once from cached text:
     the signed-in person's own (CONFIG.safety, worked out with their clinical context),
     fetched again after each page loaded online and forgotten at log-out.
   - Shows reminder notifications and records "Done" / "Snooze" from their buttons. */
"use strict";

const CACHE = "backcare-" + VERSION;
const DB_NAME = "backcare-offline";
const STORE = "queued-posts";
const RESULTS = "sent-results";  // what the server said, until a page has shown it

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One missing file must not stop the rest from being kept.
    await Promise.all(CONFIG.shell.map((url) => cache.add(url).catch(() => {})));
    await cachePage(cache, CONFIG.checkin);
    await cachePage(cache, CONFIG.safety);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

/* Cache a page only if it really is that page (not the login page it redirects to). */
async function cachePage(cache, url) {
  try {
    const response = await fetch(url, {credentials: "same-origin"});
    if (response.ok && !response.redirected) await cache.put(url, response);
  } catch (error) { /* offline at install: the page is cached on the next visit */ }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === CONFIG.logout) {
    event.respondWith(forgetThenLogOut(request));
  } else if (request.method === "POST" && request.mode === "navigate" &&
             url.pathname.startsWith(CONFIG.queuePrefix)) {  // a form post, not a script's
    event.respondWith(postOrQueue(request));
  } else if (request.method === "GET" && url.pathname.startsWith(CONFIG.result)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || offlinePage(
      "Not on this device", "<p>This result is no longer kept on this device.</p>", 404)));
  } else if (request.method === "GET" && request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request, url));
  } else if (request.method === "GET" && CONFIG.shell.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

async function pageNetworkFirst(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected && url.pathname.startsWith(CONFIG.checkin)) {
      const cache = await caches.open(CACHE);
      await cache.put(url.pathname, response.clone());
    }
    flushQueue();
    if (response.ok) refreshSafety();
    return response;
  } catch (error) {
    const hit = await caches.match(url.pathname);
    return hit || offlinePage("You are offline",
      "<p>This page is not saved on this device. Your check-in page is: " +
      '<a href="' + CONFIG.checkin + '">open the check-in</a>.</p>');
  }
}

async function postOrQueue(request) {
  const copy = request.clone();
  try {
    const response = await fetch(request);
    flushQueue();
    return response;
  } catch (error) {
    const entry = {
      url: copy.url,
      body: await copy.text(),
      contentType: copy.headers.get("Content-Type") || "application/x-www-form-urlencoded",
      queuedAt: new Date().toISOString(),
    };
    await withStore("readwrite", (store) => store.add(entry));
    if (self.registration.sync) {
      self.registration.sync.register("send-checkins").catch(() => {});
    }
    return queuedPage(entry);
  }
}

let refreshing = null;

/* The person's safety text may change with any answer (a new intake, a condition ticked):
   fetch it again after each page loaded online, one fetch at a time. */
function refreshSafety() {
  refreshing = refreshing || caches.open(CACHE).then((cache) => cachePage(cache, CONFIG.safety))
    .finally(() => { refreshing = null; });
  return refreshing;
}

/* Logging out may hand the device to someone else: send what is queued while still logged
   in, then forget the queue, every cached page and the person's safety text. */
async function forgetThenLogOut(request) {
  await flushQueue();
  await refreshing;  // a fetch under way must not store the text after it is forgotten
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return offlinePage("You are offline", "<p>You are still logged in: log out once the connection returns.</p>");
  }
  await withStore("readwrite", (store) => store.clear());
  await withStore("readwrite", (store) => store.clear(), RESULTS);
  const cache = await caches.open(CACHE);
  for (const key of await cache.keys()) {
    if (!CONFIG.shell.includes(new URL(key.url).pathname)) await cache.delete(key);
  }
  return response;
}

/* --- IndexedDB: the queue -------------------------------------------------------------- */

function openDb() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 2);
    open.onupgradeneeded = () => {
      for (const name of [STORE, RESULTS]) {
        if (!open.result.objectStoreNames.contains(name)) {
          open.result.createObjectStore(name, {keyPath: "id", autoIncrement: true});
        }
      }
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function withStore(mode, action, name) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name || STORE, mode);
    const request = action(tx.objectStore(name || STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
  });
}

let flushing = null;

function flushQueue() {
  flushing = flushing || sendQueued().finally(() => { flushing = null; });
  return flushing;
}

/* Post each queued entry again, oldest first; stop at the first network failure or when the
   person has been logged out (the entry waits for the next log-in). What the server answered
   (saved, a safety warning, or a form error) is kept for the person to open. */
async function sendQueued() {
  const entries = await withStore("readonly", (store) => store.getAll());
  for (const entry of entries) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST", body: entry.body, credentials: "same-origin",
        headers: {"Content-Type": entry.contentType},
      });
    } catch (error) {
      return;
    }
    if (response.redirected && new URL(response.url).pathname === CONFIG.login) {
      await tell({type: "checkin-needs-login"});
      return;
    }
    const result = CONFIG.result + entry.id;
    const cache = await caches.open(CACHE);
    await cache.put(result, response.clone());
    await withStore("readwrite", (store) => store.delete(entry.id));
    const outcome = {type: response.ok ? "checkin-sent" : "checkin-refused", result, status: response.status};
    await withStore("readwrite", (store) => store.add(outcome), RESULTS);
    await tell({type: "results-ready"});
  }
}

/* Hand each sent entry's outcome to one page, once (a page may load after the send). The
   outcomes are read and cleared in one transaction: a page asks on load and again when told
   results are ready, and two overlapping asks must not both announce the same check-in. */
async function announce(client) {
  const outcomes = await withStore("readwrite", (store) => {
    const all = store.getAll();
    store.clear();
    return all;
  }, RESULTS);
  for (const outcome of outcomes) client.postMessage(outcome);
}

async function tell(message) {
  for (const client of await self.clients.matchAll({type: "window"})) client.postMessage(message);
}

self.addEventListener("sync", (event) => {
  if (event.tag === "send-checkins") event.waitUntil(flushQueue());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "flush") event.waitUntil(flushQueue());
  if (event.data && event.data.type === "announce") event.waitUntil(announce(event.source));
  if (event.data && event.data.type === "count") {
    event.waitUntil(withStore("readonly", (store) => store.count()).then(
      (count) => event.source.postMessage({type: "queued", count})));
  }
});

/* --- pages built offline --------------------------------------------------------------- */

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
}

/* Escaped text with each phone number written in parts ("13 11 14") kept on one line, as the
   pages' unbroken_numbers filter does (backcare/web/templatetags/numbers.py). */
function escapeKeepingNumbers(text) {
  return escapeHtml(text).replace(/(^|[^\w-])(\d+(?:[ -]\d+)+)(?![\w-])/g, '$1<span class="unbroken">$2</span>');
}

function offlinePage(title, html, status) {
  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    "<title>" + escapeHtml(title) + " · backcare</title>" +
    '<link rel="stylesheet" href="' + CONFIG.css + '"></head><body>' +
    '<main id="main" class="narrow offline-page">' + html + "</main></body></html>";
  return new Response(page, {status: status || 200, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

const RANK = {emergency: 0, urgent: 1, soon: 2};

/* The most urgent outcome among the entry's safety answers, from the cached rules. */
async function worstOutcome(body) {
  const cached = await caches.match(CONFIG.safety);
  if (!cached) return null;
  const rules = await cached.json();
  const fields = new URLSearchParams(body);
  let worst = null;
  for (const [name, rule] of Object.entries(rules.fields)) {
    const outcome = rule[fields.get(name)];
    if (outcome && (!worst || RANK[outcome.level] < RANK[worst.level])) worst = outcome;
  }
  return worst && {outcome: worst, safetyNet: rules.safety_net};
}

async function queuedPage(entry) {
  const found = await worstOutcome(entry.body);
  let advice = "";
  if (found) {
    const o = found.outcome;
    advice = '<section class="escalation level-' + escapeHtml(o.level) + '" role="alert">' +
      "<h1>" + escapeHtml(o.label) + "</h1><p><strong>" + escapeKeepingNumbers(o.action) + "</strong></p>" +
      o.reasons.map((r) => "<h2>" + escapeHtml(r.title) + "</h2><p>" + escapeKeepingNumbers(r.advice) + "</p>").join("") +
      "</section>";
  }
  const saved = "<h2>Saved on this device</h2><p>You are offline. Your check-in is kept on this " +
    "device and will be sent as soon as the connection returns; all your answers are " +
    "checked again then.</p>";
  const net = found ? "<p>" + escapeHtml(found.safetyNet) + "</p>" : "";
  return offlinePage(found ? found.outcome.label : "Saved offline", advice + saved + net);
}

/* --- reminders: notifications ----------------------------------------------------------- */

self.addEventListener("push", (event) => {
  const data = event.data ? event.data.json() : {title: "backcare", body: ""};
  const actions = data.respond ? [{action: "done", title: "Done"}, {action: "snooze", title: "Snooze 10 min"}] : [];
  event.waitUntil(self.registration.showNotification(data.title, {
    body: data.body, tag: data.tag, data, actions, icon: CONFIG.icon,
  }));
});

self.addEventListener("notificationclick", (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  if ((event.action === "done" || event.action === "snooze") && data.respond) {
    const body = new URLSearchParams({action: event.action});
    event.waitUntil(fetch(data.respond, {method: "POST", body}).catch(() => {}));
  } else if (data.url) {
    event.waitUntil(self.clients.openWindow(data.respond || data.url));
  }
});
