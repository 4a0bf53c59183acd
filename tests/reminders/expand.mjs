// Expand every event of an .ics file between two instants with ical.js (the parser
// Thunderbird uses). Usage: node expand.mjs FILE START END  (ISO 8601, UTC)
// Prints JSON: [{"uid": ..., "start": "2026-03-29T08:00:00.000Z", "alarms": n}, ...]
import {readFileSync} from "node:fs";
import ICAL from "ical.js";

const [file, startIso, endIso] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const start = new Date(startIso);
const end = new Date(endIso);
const found = [];
for (const component of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const alarms = component.getAllSubcomponents("valarm").length;
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    const when = next.toJSDate();
    if (when >= end) break;
    if (when >= start) found.push({uid: event.uid, start: when.toISOString(), alarms});
  }
}
process.stdout.write(JSON.stringify(found));
