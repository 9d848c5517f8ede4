package aftercare

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
)

// The tests in this file pin behaviour that mutation testing (MUTATION.md)
// found unpinned: Merge, the patient's summary word for word, instants that
// differ below a second, and the edges of the policy's limits and tables.

func TestMerge(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2027, 3, day, hour, 0, 0, 0, berlin) }
	w := func(a Activity, from, until time.Time) Window { return Window{Activity: a, From: from, Until: until} }
	for _, tc := range []struct {
		name string
		in   []Window
		want []Window
	}{
		{"one window", []Window{w(Pool, at(1, 10), at(2, 10))}, []Window{w(Pool, at(1, 10), at(2, 10))}},
		{"overlapping windows join", []Window{w(Pool, at(1, 10), at(3, 10)), w(Pool, at(2, 10), at(4, 10))},
			[]Window{w(Pool, at(1, 10), at(4, 10))}},
		{"touching windows join", []Window{w(Pool, at(1, 10), at(2, 10)), w(Pool, at(2, 10), at(3, 10))},
			[]Window{w(Pool, at(1, 10), at(3, 10))}},
		{"a window inside another", []Window{w(Pool, at(1, 10), at(5, 10)), w(Pool, at(2, 10), at(3, 10))},
			[]Window{w(Pool, at(1, 10), at(5, 10))}},
		{"apart stay apart", []Window{w(Pool, at(1, 10), at(2, 10)), w(Pool, at(2, 11), at(3, 10))},
			[]Window{w(Pool, at(1, 10), at(2, 10)), w(Pool, at(2, 11), at(3, 10))}},
		{"by activity, then time, whatever the order given",
			[]Window{w(Sauna, at(4, 10), at(5, 10)), w(Pool, at(3, 10), at(4, 10)), w(Sauna, at(1, 10), at(2, 10)), w(WashHair, at(1, 10), at(4, 10))},
			[]Window{w(WashHair, at(1, 10), at(4, 10)), w(Pool, at(3, 10), at(4, 10)), w(Sauna, at(1, 10), at(2, 10)), w(Sauna, at(4, 10), at(5, 10))}},
		{"different activities never join", []Window{w(Pool, at(1, 10), at(3, 10)), w(Sauna, at(2, 10), at(4, 10))},
			[]Window{w(Pool, at(1, 10), at(3, 10)), w(Sauna, at(2, 10), at(4, 10))}},
		{"empty windows are dropped", []Window{w(Pool, at(2, 10), at(2, 10)), w(Sauna, at(1, 10), at(2, 10))},
			[]Window{w(Sauna, at(1, 10), at(2, 10))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			given := append([]Window(nil), tc.in...)
			r := Merge(tc.in)
			if diff := cmp.Diff(tc.want, r.Windows()); diff != "" {
				t.Errorf("Merge(%v).Windows() (-want +got):\n%s", tc.in, diff)
			}
			if diff := cmp.Diff(given, tc.in); diff != "" {
				t.Errorf("Merge changed its argument (-before +after):\n%s", diff)
			}
			for _, got := range r.Windows() {
				if got.From.Location() != berlin || got.Until.Location() != berlin {
					t.Errorf("window %v is not in the location of the first window", got)
				}
			}
		})
	}
}

// A window ends at an exact instant, to the nanosecond: a session that starts
// at half a second past the minute restricts until half a second past.
func TestWindowsAtSubsecondInstants(t *testing.T) {
	session := time.Date(2027, 3, 1, 10, 0, 0, 5e8, time.UTC)
	end := session.Add(45*time.Minute + 4*time.Hour) // a 45-minute session (S2), then touch-scalp's 4 hours (S3)
	r := DefaultPolicy().Course(session)
	for _, tc := range []struct {
		at      time.Time
		allowed bool
	}{
		{end.Add(-300 * time.Millisecond), false}, // the same second as the end, before it
		{end.Add(-time.Nanosecond), false},
		{end, true},
	} {
		if got := r.Allowed(TouchScalp, tc.at); got != tc.allowed {
			t.Errorf("Allowed(touch-scalp, %s) = %v, want %v (window until %s)", tc.at.Format(time.RFC3339Nano), got, tc.allowed, end.Format(time.RFC3339Nano))
		}
	}
	if got := r.NextAllowed(TouchScalp, end.Add(-300*time.Millisecond)); !got.Equal(end) {
		t.Errorf("NextAllowed = %s, want %s", got.Format(time.RFC3339Nano), end.Format(time.RFC3339Nano))
	}

	// Windows that touch join even when their sub-second parts carry into
	// the next second: 10:00:00.5 plus 4h0m0.5s is 14:00:01.
	p, err := NewPolicy("half-seconds", []Restriction{{Activity: TouchScalp, Duration: 4*time.Hour + 500*time.Millisecond - 45*time.Minute, PolicyDefault: true}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := 4*time.Hour + 500*time.Millisecond // with the 45-minute session
	second := session.Add(d)
	want := []Window{{Activity: TouchScalp, From: session, Until: second.Add(d)}}
	if diff := cmp.Diff(want, p.Course(session, second).Of(TouchScalp)); diff != "" {
		t.Errorf("touching windows (-want +got):\n%s", diff)
	}
}

// The summary a patient takes home from a first session, word for word: the
// instructions before it in the order they start, the restrictions after it
// with the strictest stated durations, the after-effects
// with their longest stated durations, and the warning signs (S2).
func TestSummaryOfAFirstSession(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	session := time.Date(2027, 3, 1, 10, 0, 0, 0, berlin)
	want := `Before your session on Mon 2027-03-01 10:00 CET:
- From Fri 2027-02-19 until the session: no aspirin and no enzyme preparations, unless your doctor says otherwise.
- From Fri 2027-02-19 until the session: no anticoagulants (blood thinners): stop them as agreed with your doctor.
- From Mon 2027-02-22 until the session: no other cosmetic procedures.
- On Sun 2027-02-28: wash your hair, and come with clean hair.
- From Sun 2027-02-28 until the session: no dyeing or colouring of your hair.
- From Sun 2027-02-28 until the session: no perm and no scrubbing of the scalp.
- From Sun 2027-02-28 until the session: no warming or cooling masks and no vegetable oils in the roots.
- From Sun 2027-02-28 until the session: no bath or sauna.
- From Sun 2027-02-28 until the session: no alcohol.
- From Sun 2027-02-28 until the session: no tanning bed.
- From Sun 2027-02-28 until the session: no sunbathing.
- On Sun 2027-02-28: come to the clinic for the allergy test injection.
- On the day, until the session: no lacquer or any other chemical product on your hair.
- Tell the clinic about your allergies, intolerances, earlier reactions to dyes, hair products or medicines, and the medicines you take regularly.
- Do not take any medicine without asking your doctor.

After the session, do not:
- touch or scratch your scalp, until Mon 2027-03-01 14:45 CET.
- put any medicine on your scalp, until Mon 2027-03-01 22:45 CET.
- massage your head; swim in a pool or the sea; do sport or anything that makes your scalp sweat, until Wed 2027-03-03 10:45 CET.
- wash your hair; dye or colour your hair; use hair sprays, creams, oils, masks or other styling products; sunbathe or stay in direct sun (keep your head covered); use a solarium or tanning bed; go to a sauna, bath or other hot, humid place; have an X-ray, radiation or electrotherapy examination, until Thu 2027-03-04 10:45 CET.
- have other cosmetic procedures, until Mon 2027-03-08 10:45 CET.

What to expect, and not worry about:
- Marks from the injections, a grid or dots, for up to 72 hours.
- Slight burning.
- Pain and unpleasant sensations, for up to 72 hours.
- Redness and swelling.
- Discomfort and pain when touching the scalp, for up to 7 days.
- Small bruises and wounds, for up to 7 days.
- Irritation, itching or sensitivity of the scalp, small spots.
- More hair falling out after the second or third session: old hairs making way for new ones, not a failure.

Call the clinic at once if you have:
- discomfort that has not gone after a week, or is getting worse.
- ulcers on the scalp.
- fever.
`
	if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(DefaultPolicy().Summary(session, true), "\n")); diff != "" {
		t.Errorf("Summary (-want +got):\n%s", diff)
	}

	// Before a later session, what comes only before the first is gone.
	later := DefaultPolicy().Summary(session, false)
	for _, line := range []string{"allergy test", "Tell the clinic about your allergies"} {
		if strings.Contains(later, line) {
			t.Errorf("a later session's summary says %q, which is only for the first", line)
		}
	}
	if !strings.Contains(later, "anticoagulants") {
		t.Errorf("a later session's summary lacks the anticoagulants S1 and S3 bar at every session:\n%s", later)
	}
	if !strings.Contains(later, "- Do not take any medicine without asking your doctor.\n") {
		t.Errorf("a later session's summary lacks the advice that holds before every session:\n%s", later)
	}
}

// spell writes durations as a patient reads them.
func TestSpell(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{time.Hour, "1 hour"},
		{72 * time.Hour, "72 hours"},
		{6 * day, "144 hours"},
		{7 * day, "7 days"},
		{8 * day, "8 days"},
		{90 * time.Minute, "1h30m0s"},
	} {
		if got := spell(tc.d); got != tc.want {
			t.Errorf("spell(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// The first value past the end of the activity table is invalid, like any
// other: no phrase, no duration, no rule, and no panic.
// restrictionErr is the error of DefaultPolicy's Restriction of a.
func restrictionErr(a Activity) error {
	_, err := DefaultPolicy().Restriction(a)
	return err
}

func TestActivityPastTheEnd(t *testing.T) {
	past := CosmeticProcedures + 1
	if past.Phrase() != "" || DefaultPolicy().Duration(past) != 0 || !errors.Is(restrictionErr(past), meso.ErrUnknown) || Statements(past) != nil {
		t.Errorf("Activity(%d): phrase %q, duration %v; want none", past, past.Phrase(), DefaultPolicy().Duration(past))
	}
}

// The first instruction of the table has its lead like any other.
func TestLeadOfTheFirstInstruction(t *testing.T) {
	id := Instructions()[0].ID
	if l, err := DefaultPolicy().Lead(id); err != nil || l.Instruction != id || l.Days != 1 {
		t.Errorf("Lead(%q) = %+v, %v; want its lead of 1 day", id, l, err == nil)
	}
}

// A rule may cite exactly MaxSources sources.
func TestNewPolicyAtMaxSources(t *testing.T) {
	sources := make([]string, MaxSources)
	for i := range sources {
		sources[i] = "s" + strconv.Itoa(i)
	}
	if _, err := NewPolicy("many-sources", []Restriction{{Activity: Pool, Duration: time.Hour, Sources: sources}}, nil); err != nil {
		t.Errorf("a rule with MaxSources (%d) sources: %v, want the policy", MaxSources, err)
	}
}

// MarshalJSON writes whole hours as "72h" and other durations as
// time.Duration does, and LoadPolicy reads both back.
func TestPolicyJSONDurations(t *testing.T) {
	p, err := NewPolicy("ninety-minutes", []Restriction{{Activity: Pool, Duration: 90 * time.Minute, Sources: []string{meso.S1}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`{"activity":"wash-hair","duration":"72h",`, `{"activity":"pool","duration":"1h30m0s",`, `{"activity":"touch-scalp","duration":"4h",`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("MarshalJSON = %s\nwant it to contain %s", data, want)
		}
	}
	back, err := LoadPolicy(strings.NewReader(string(data)))
	if err != nil || back.Duration(Pool) != 90*time.Minute || back.Duration(WashHair) != 72*time.Hour {
		t.Errorf("LoadPolicy of its own JSON: %v", err)
	}
}

// A policy document one entry longer than there are activities, or
// instructions, must give one twice (or a tell instruction a lead); the
// error names that entry, not a limit.
func TestLoadPolicyOneEntryTooMany(t *testing.T) {
	var doc struct {
		Name         string            `json:"name"`
		Restrictions []json.RawMessage `json:"restrictions"`
		Instructions []json.RawMessage `json:"instructions"`
	}
	data, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Restrictions) != int(numActivities)-1 || len(doc.Instructions) != len(instructions)-2 {
		t.Fatalf("the default's JSON has %d restrictions and %d instructions", len(doc.Restrictions), len(doc.Instructions))
	}
	load := func(d any) error {
		data, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		_, err = LoadPolicy(strings.NewReader(string(data)))
		return err
	}
	var fe *meso.FieldError

	rs := doc
	rs.Restrictions = append(rs.Restrictions[:len(rs.Restrictions):len(rs.Restrictions)], rs.Restrictions[0])
	field := "restrictions[" + strconv.Itoa(len(rs.Restrictions)-1) + "].activity"
	if err := load(rs); !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("%d restrictions: %v, want meso.ErrDuplicate at %s", len(rs.Restrictions), err, field)
	}

	in := doc
	in.Instructions = append(in.Instructions[:len(in.Instructions):len(in.Instructions)], in.Instructions[0], in.Instructions[0])
	field = "instructions[" + strconv.Itoa(len(in.Instructions)-2) + "].id"
	if err := load(in); !errors.As(err, &fe) || fe.Field != field || !errors.Is(err, meso.ErrDuplicate) {
		t.Errorf("%d instructions: %v, want meso.ErrDuplicate at %s", len(in.Instructions), err, field)
	}
}

// Course sizes its result exactly: a course's restrictions cost one
// allocation (what BenchmarkCourseWindows15 measures, and issue 8's budget
// for planning 100,000 courses counts on).
func TestCourseAllocatesOnce(t *testing.T) {
	sessions := make([]time.Time, 15)
	for i := range sessions {
		sessions[i] = time.Date(2027, 1, 4+7*i, 10, 0, 0, 0, time.UTC)
	}
	p := DefaultPolicy()
	if got := testing.AllocsPerRun(20, func() { _ = p.Course(sessions...) }); got > 1 {
		t.Errorf("Course of %d sessions in order: %v allocations, want 1", len(sessions), got)
	}
}
