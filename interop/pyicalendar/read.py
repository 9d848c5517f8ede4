"""read.py reads iCalendar files with python icalendar and prints what it
reads as JSON, in the form of ../icaljs/read.mjs, one object per file:

    python3 read.py a.ics b.ics

python icalendar 4 (Debian's python3-icalendar) reads a TZID time through
pytz's zone of that name, not the file's VTIMEZONE, and takes the second of
two equal wall times (pytz's localize with is_dst=False); "start" and "end"
are that reading, in UTC. "startVTZ" and "endVTZ" read the same wall times
through the file's own VTIMEZONE, converted by icalendar's Timezone.to_tz()
as its from_ical does for a TZID pytz does not know. It exits 1, saying why
on standard error, when a file cannot be read or converted.
"""
import json
import sys
from datetime import date, datetime, timezone

import icalendar


def utc(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    raise ValueError("not a date or date-time: %r" % (value,))


def via_vtimezone(prop, zones):
    value = prop.dt
    tzid = prop.params.get("TZID")
    if not isinstance(value, datetime) or tzid is None:
        return utc(value)
    return utc(zones[tzid].localize(value.replace(tzinfo=None)))


def read(name):
    with open(name, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    zones = {str(tz["TZID"]): tz.to_tz() for tz in cal.walk("VTIMEZONE")}
    events = []
    for e in cal.walk("VEVENT"):
        start, end = e["DTSTART"], e["DTEND"]
        events.append({
            "uid": str(e["UID"]),
            "sequence": int(e.get("SEQUENCE", 0)),
            "status": str(e.get("STATUS", "")),
            "stamp": utc(e["DTSTAMP"].dt),
            "summary": str(e.get("SUMMARY", "")),
            "allDay": not isinstance(start.dt, datetime),
            "start": utc(start.dt),
            "end": utc(end.dt),
            "startVTZ": via_vtimezone(start, zones),
            "endVTZ": via_vtimezone(end, zones),
        })
    return {"file": name, "method": str(cal.get("METHOD", "")), "events": events}


def main():
    try:
        out = [read(name) for name in sys.argv[1:]]
    except Exception as err:  # any failure to read is the finding
        sys.stderr.write("read.py: %s: %r\n" % (type(err).__name__, err))
        sys.exit(1)
    sys.stdout.write(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
