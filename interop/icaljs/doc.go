// Package icaljs holds the test that Mozilla's ical.js, the iCalendar parser
// of Thunderbird, reads the calendars course.WriteICS writes as they are
// meant: every event at the instants of the plan, in every zone and across
// the changes of the clocks, and a re-planned course updated in place.
//
// The test writes calendars to a temporary directory and runs read.mjs on
// them with Node.js, from this directory, where package.json and
// package-lock.json pin ical.js exactly. Install it with
//
//	npm ci --prefix interop/icaljs
//
// (.ci/run does when node_modules is missing). Without node, or without the
// installed package, the test is skipped and says why, unless the
// environment has MESO_ICALJS=require, as in CI, when it fails instead.
package icaljs
