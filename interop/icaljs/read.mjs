// read.mjs reads iCalendar files with Mozilla's ical.js, the parser of
// Thunderbird, and prints what it reads as JSON, one object per file in the
// order given:
//
//   node read.mjs a.ics b.ics
//   [{"file": "a.ics", "method": "", "events": [{"uid": "...", "sequence": 0,
//     "status": "", "summary": "...", "allDay": false,
//     "start": "2027-11-07T05:30:00Z", "end": "2027-11-07T06:15:00Z"}, ...]}, ...]
//
// A timed event's start and end are the instants ical.js resolves them to,
// through the VTIMEZONE of the file for a TZID, in UTC; an all-day event's
// are its dates, YYYY-MM-DD. Nothing of the reading is done here: every
// instant is ical.js's own ICAL.Time.toUnixTime(). meso's Go tests
// (interop/interop_test.go) compare the output with the plans the files
// were written from.
//
// It exits 1, saying why on standard error, when a file cannot be read or
// parsed, or an event has no start.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function instant(time) {
  if (time.isDate) {
    const pad = (n, w) => String(n).padStart(w, "0");
    return pad(time.year, 4) + "-" + pad(time.month, 2) + "-" + pad(time.day, 2);
  }
  return new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
}

function read(file) {
  const text = readFileSync(file, "utf8");
  const vcalendar = new ICAL.Component(ICAL.parse(text));
  const events = vcalendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    if (!event.startDate) {
      throw new Error(`${file}: event ${event.uid} has no DTSTART`);
    }
    return {
      uid: event.uid,
      sequence: event.sequence ?? 0,
      status: vevent.getFirstPropertyValue("status") ?? "",
      stamp: instant(vevent.getFirstPropertyValue("dtstamp")),
      summary: event.summary ?? "",
      allDay: event.startDate.isDate,
      start: instant(event.startDate),
      end: instant(event.endDate),
    };
  });
  return { file, method: vcalendar.getFirstPropertyValue("method") ?? "", events };
}

try {
  const out = process.argv.slice(2).map(read);
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
} catch (err) {
  process.stderr.write(`read.mjs: ${err.message}\n`);
  process.exit(1);
}
