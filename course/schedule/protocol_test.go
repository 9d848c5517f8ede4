package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/internal/daytest"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// Each protocol against its source: the numbers, which of them are policy,
// the sources, and the quotes, which must be the documents' own words.
func TestProtocolsAgainstSources(t *testing.T) {
	type phase struct {
		name          string
		min, pref, mx int
		months        int
	}
	for _, tc := range []struct {
		id          string
		sources     []string
		phases      []phase
		sessions    Count
		minMonths   int
		maintenance bool
		policy      []string
		firstDates  string // expansion from Monday 2027-01-11, no closures, the default count
		phaseOfEach string
	}{
		{Every2to3Days, []string{meso.S1}, []phase{{"main", 2, 2, 3, 0}}, Count{11, 17, 11}, 1, false,
			[]string{"phases[0].gap.preferred", "sessions.min", "sessions.max", "sessions.default"},
			// Every other day until a calendar month after the first (2027-02-11): 17 sessions.
			"01-11 01-13 01-15 01-17 01-19 01-21 01-23 01-25 01-27 01-29 01-31 02-02 02-04 02-06 02-08 02-10 02-12", ""},
		{TwiceWeekly, []string{meso.S0, meso.S4}, []phase{{"main", 3, 3, 4, 0}}, Count{8, 16, 12}, 0, false,
			[]string{"phases[0].gap.min", "phases[0].gap.preferred", "phases[0].gap.max", "sessions.default"},
			"01-11 01-14 01-17 01-20 01-23 01-26 01-29 02-01 02-04 02-07 02-10 02-13", ""},
		// Issue 16: no default gap goes past the stated one (a week, 14
		// days, 30 days); the tolerance is three days early, by policy.
		{Weekly, []string{meso.S0, meso.S4}, []phase{{"main", 4, 7, 7, 0}}, Count{8, 16, 12}, 0, false,
			[]string{"phases[0].gap.min", "sessions.default"},
			"01-11 01-18 01-25 02-01 02-08 02-15 02-22 03-01 03-08 03-15 03-22 03-29", ""},
		{WeeklyThenBiweekly, []string{meso.S2}, []phase{{"weekly", 4, 7, 7, 1}, {"biweekly", 11, 14, 14, 0}}, Count{8, 15, 11}, 0, false,
			[]string{"phases[0].gap.min", "phases[1].gap.min", "sessions.default"},
			// Weekly through 2027-02-11 (a month after the first), then every 14 days.
			"01-11 01-18 01-25 02-01 02-08 02-22 03-08 03-22 04-05 04-19 05-03",
			"weekly weekly weekly weekly weekly biweekly biweekly biweekly biweekly biweekly biweekly"},
		{Biweekly, []string{meso.S1}, []phase{{"main", 13, 14, 15, 0}}, Count{3, 6, 4}, 0, false,
			[]string{"phases[0].gap.min", "phases[0].gap.max", "sessions.default"},
			"01-11 01-25 02-08 02-22", ""},
		{Every2to3Weeks, []string{meso.S3}, []phase{{"main", 14, 14, 21, 0}}, Count{5, 10, 8}, 3, false,
			[]string{"phases[0].gap.preferred", "sessions.default"},
			// Eight sessions, the last (2027-04-19) past three months (2027-04-11).
			"01-11 01-25 02-08 02-22 03-08 03-22 04-05 04-19", ""},
		{GreyingWeekly, []string{meso.S3}, []phase{{"main", 4, 7, 7, 0}}, Count{10, 10, 10}, 0, false,
			[]string{"phases[0].gap.min"},
			"01-11 01-18 01-25 02-01 02-08 02-15 02-22 03-01 03-08 03-15", ""},
		{MonthlyMaintenance, []string{meso.S2}, []phase{{"maintenance", 27, 30, 30, 0}}, Count{3, 6, 4}, 0, true,
			[]string{"phases[0].gap.min", "sessions.default"},
			"01-11 02-10 03-12 04-11", ""},
	} {
		t.Run(tc.id, func(t *testing.T) {
			p, err := Lookup(tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			var phases []phase
			for _, ph := range p.Phases {
				phases = append(phases, phase{ph.Name, ph.Gap.Min, ph.Gap.Preferred, ph.Gap.Max, ph.Months})
			}
			if diff := cmp.Diff(tc.phases, phases, cmp.AllowUnexported(phase{})); diff != "" {
				t.Errorf("phases (-want +got):\n%s", diff)
			}
			if p.Sessions != tc.sessions || p.MinMonths != tc.minMonths || p.Maintenance != tc.maintenance {
				t.Errorf("sessions %+v, min months %d, maintenance %v; want %+v, %d, %v", p.Sessions, p.MinMonths, p.Maintenance, tc.sessions, tc.minMonths, tc.maintenance)
			}
			if diff := cmp.Diff(tc.sources, p.Sources); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
			var policy []string
			for _, d := range p.Policy {
				policy = append(policy, d.Field)
				if !p.IsPolicy(d.Field) {
					t.Errorf("IsPolicy(%s) = false", d.Field)
				}
			}
			if diff := cmp.Diff(tc.policy, policy); diff != "" {
				t.Errorf("policy defaults (-want +got):\n%s", diff)
			}
			if p.IsPolicy("phases[0].gap.preferred") == slices.Contains(tc.policy, "phases[0].gap.preferred") == false {
				t.Errorf("IsPolicy disagrees with the table")
			}
			// Every quote is in its document, word for word (the documents
			// wrap lines and use typographic dashes; compare words).
			for _, q := range p.Quotes {
				doc := seed(t, q.Source)
				if !strings.Contains(words(doc), words(q.Text)) {
					t.Errorf("quote %q is not in %s", q.Text, q.Source)
				}
			}
			cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
			got, err := p.Expand(daytest.Date(t, "2027-01-11"), 0, cal)
			if err != nil {
				t.Fatal(err)
			}
			var dates, phaseNames []string
			for _, a := range got {
				dates = append(dates, a.Start.Format("01-02"))
				phaseNames = append(phaseNames, a.Phase)
			}
			if diff := cmp.Diff(tc.firstDates, strings.Join(dates, " ")); diff != "" {
				t.Errorf("dates from 2027-01-11 (-want +got):\n%s", diff)
			}
			if tc.phaseOfEach != "" {
				if diff := cmp.Diff(tc.phaseOfEach, strings.Join(phaseNames, " ")); diff != "" {
					t.Errorf("phases from 2027-01-11 (-want +got):\n%s", diff)
				}
			}
		})
	}
	if got, want := IDs(), []string{Every2to3Days, TwiceWeekly, Weekly, WeeklyThenBiweekly, Biweekly, Every2to3Weeks, GreyingWeekly, MonthlyMaintenance}; !slices.Equal(got, want) {
		t.Errorf("IDs() = %v, want %v", got, want)
	}
}

// seed reads a source document from the project's shared seeds, which sit
// beside the repository; a clone without them skips the quote check.
func seed(t *testing.T, name string) string {
	t.Helper()
	for _, dir := range []string{"../../shared/seeds", "../../../shared/seeds", "../../../../shared/seeds"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return string(data)
		}
	}
	t.Skipf("source document %s not found beside the repository", name)
	return ""
}

// words normalizes text for comparison: dashes to hyphens, runs of space and
// line breaks to one space, the words the seeds break across lines joined.
func words(s string) string {
	s = strings.NewReplacer("–", "-", "—", "-", "’", "'", "preven\n    tive", "preventive", "•", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// The S2 course in a February: the first month has four weeks, so four
// weekly sessions; in a leap year a month from 2028-01-31 ends on 2028-02-29.
func TestWeeklyThenBiweeklyFirstMonth(t *testing.T) {
	p, _ := Lookup(WeeklyThenBiweekly)
	cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
	for _, tc := range []struct {
		first, want string
	}{
		{"2027-02-01", "02-01 weekly, 02-08 weekly, 02-15 weekly, 02-22 weekly, 03-08 biweekly"},
		{"2028-01-31", "01-31 weekly, 02-07 weekly, 02-14 weekly, 02-21 weekly, 02-28 weekly, 03-13 biweekly"},
		{"2027-03-31", "03-31 weekly, 04-07 weekly, 04-14 weekly, 04-21 weekly, 04-28 weekly, 05-12 biweekly"},
	} {
		got, err := p.Expand(daytest.Date(t, tc.first), 0, cal)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, a := range got {
			s = append(s, a.Start.Format("01-02")+" "+a.Phase)
		}
		if !strings.HasPrefix(strings.Join(s, ", "), tc.want) {
			t.Errorf("from %s: %s; want it to start %s", tc.first, strings.Join(s, ", "), tc.want)
		}
	}
}

// Phases bounded by a count of sessions.
func TestPhaseBySessions(t *testing.T) {
	p := Protocol{ID: "loading-dose", Name: "Three every 3 days, then weekly", Sources: []string{"clinic"},
		Phases: []Phase{
			{Name: "loading", Gap: Gap{3, 3, 3}, Sessions: 3},
			{Name: "weekly", Gap: Gap{7, 7, 7}},
		},
		Sessions: Count{5, 5, 5}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	cal, _ := clinic.NewCalendar(time.UTC, 9, 30, 0)
	got, err := p.Expand(daytest.Date(t, "2027-01-01"), 0, cal)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, a := range got {
		s = append(s, a.Start.Format("01-02 15:04")+" "+a.Phase)
	}
	want := "01-01 09:30 loading, 01-04 09:30 loading, 01-07 09:30 loading, 01-14 09:30 weekly, 01-21 09:30 weekly"
	if diff := cmp.Diff(want, strings.Join(s, ", ")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if p.MinGap() != 3 {
		t.Errorf("MinGap = %d, want 3", p.MinGap())
	}
}

func validProtocol() Protocol {
	return Protocol{ID: "house", Name: "House course", Sources: []string{"clinic"},
		Phases:   []Phase{{Name: "first", Gap: Gap{6, 7, 8}, Months: 1}, {Name: "then", Gap: Gap{13, 14, 15}}},
		Sessions: Count{4, 10, 6}, Quotes: []Quote{{"clinic", "weekly, then fortnightly"}},
		Policy: []PolicyDefault{{"sessions.default", "the middle"}}}
}

func TestValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Protocol)
		field  string
		want   error
	}{
		{"no id", func(p *Protocol) { p.ID = "" }, "id", meso.ErrMissing},
		{"id not kebab", func(p *Protocol) { p.ID = "House_1" }, "id", meso.ErrInvalid},
		{"id too long", func(p *Protocol) { p.ID = strings.Repeat("a", meso.MaxIDLen+1) }, "id", meso.ErrTooLarge},
		{"no name", func(p *Protocol) { p.Name = " " }, "name", meso.ErrMissing},
		{"control character", func(p *Protocol) { p.Name = "a\tb" }, "name", meso.ErrInvalid},
		{"not UTF-8", func(p *Protocol) { p.Name = "a\xffb" }, "name", meso.ErrInvalid},
		{"no phases", func(p *Protocol) { p.Phases = nil }, "phases", meso.ErrMissing},
		{"too many phases", func(p *Protocol) {
			for i := range MaxPhases {
				p.Phases = append([]Phase{{Name: "p" + string(rune('a'+i)), Gap: Gap{1, 1, 1}, Sessions: 1}}, p.Phases...)
			}
		}, "phases", meso.ErrTooLarge},
		{"phase name twice", func(p *Protocol) { p.Phases[1].Name = "first" }, "phases[1].name", meso.ErrDuplicate},
		{"zero gap", func(p *Protocol) { p.Phases[0].Gap.Min = 0 }, "phases[0].gap.min", meso.ErrInvalid},
		{"negative gap", func(p *Protocol) { p.Phases[1].Gap = Gap{-3, -2, -1} }, "phases[1].gap.min", meso.ErrInvalid},
		{"preferred below min", func(p *Protocol) { p.Phases[0].Gap.Preferred = 5 }, "phases[0].gap.preferred", meso.ErrInvalid},
		{"max below preferred", func(p *Protocol) { p.Phases[0].Gap.Max = 6 }, "phases[0].gap.max", meso.ErrInvalid},
		{"gap over a year", func(p *Protocol) { p.Phases[1].Gap.Max = MaxGapDays + 1 }, "phases[1].gap.max", meso.ErrTooLarge},
		{"last phase bounded", func(p *Protocol) { p.Phases[1].Months = 3 }, "phases[1].months", meso.ErrInvalid},
		{"last phase counted", func(p *Protocol) { p.Phases[1].Sessions = 3 }, "phases[1].sessions", meso.ErrInvalid},
		{"earlier phase unbounded", func(p *Protocol) { p.Phases[0].Months = 0 }, "phases[0].months", meso.ErrInvalid},
		{"earlier phase both", func(p *Protocol) { p.Phases[0].Sessions = 2 }, "phases[0].months", meso.ErrInvalid},
		{"months out of range", func(p *Protocol) { p.Phases[0].Months = MaxMonths + 1 }, "phases[0].months", meso.ErrInvalid},
		{"months not increasing", func(p *Protocol) {
			p.Phases = append([]Phase{{Name: "zero", Gap: Gap{1, 1, 1}, Months: 2}}, p.Phases...)
		}, "phases[1].months", meso.ErrInvalid},
		{"no sessions", func(p *Protocol) { p.Sessions = Count{0, 0, 0} }, "sessions.min", meso.ErrInvalid},
		{"default below min", func(p *Protocol) { p.Sessions.Default = 3 }, "sessions.default", meso.ErrInvalid},
		{"max below default", func(p *Protocol) { p.Sessions.Max = 5 }, "sessions.max", meso.ErrInvalid},
		{"too many sessions", func(p *Protocol) { p.Sessions.Max = MaxSessions + 1 }, "sessions.max", meso.ErrTooLarge},
		{"longer than three years", func(p *Protocol) { p.Sessions.Max = 100 }, "sessions.max", meso.ErrTooLarge},
		{"span out of range", func(p *Protocol) { p.MinMonths = -1 }, "min_months", meso.ErrInvalid},
		{"span out of reach", func(p *Protocol) { p.MinMonths = 6 }, "min_months", meso.ErrInvalid},
		{"no sources", func(p *Protocol) { p.Sources = nil }, "sources", meso.ErrMissing},
		{"source twice", func(p *Protocol) { p.Sources = []string{"clinic", "clinic"} }, "sources[1]", meso.ErrDuplicate},
		{"too many sources", func(p *Protocol) {
			for i := range MaxListLen + 1 {
				p.Sources = append(p.Sources, strings.Repeat("s", i+2))
			}
		}, "sources", meso.ErrTooLarge},
		{"quote of another source", func(p *Protocol) { p.Quotes[0].Source = "elsewhere" }, "quotes[0].source", meso.ErrUnknown},
		{"empty quote", func(p *Protocol) { p.Quotes[0].Text = "" }, "quotes[0].text", meso.ErrMissing},
		{"policy of no field", func(p *Protocol) { p.Policy[0].Field = "sessions.typical" }, "policy[0].field", meso.ErrUnknown},
		{"policy of no phase", func(p *Protocol) { p.Policy[0].Field = "phases[2].gap.min" }, "policy[0].field", meso.ErrUnknown},
		{"policy of a padded index", func(p *Protocol) { p.Policy[0].Field = "phases[01].gap.min" }, "policy[0].field", meso.ErrUnknown},
		{"policy twice", func(p *Protocol) { p.Policy = append(p.Policy, p.Policy[0]) }, "policy[1].field", meso.ErrDuplicate},
		{"policy without a note", func(p *Protocol) { p.Policy[0].Note = "" }, "policy[0].note", meso.ErrMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := validProtocol()
			tc.change(&p)
			err := p.Validate()
			var fe *meso.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
				t.Fatalf("Validate() = %v; want a *FieldError at %s wrapping %v", err, tc.field, tc.want)
			}
			if !strings.Contains(err.Error(), tc.field) {
				t.Errorf("message %q does not name the field", err)
			}
			// An expansion with the same protocol fails the same way when
			// the fault is in its numbers, and never panics.
			cal, _ := clinic.NewCalendar(time.UTC, 10, 0, 0)
			if _, xerr := p.Expand(daytest.Date(t, "2027-01-11"), 0, cal); xerr == nil && strings.HasPrefix(tc.field, "phases[") && strings.Contains(tc.field, "gap") {
				t.Errorf("Expand accepted a protocol with a bad gap")
			}
		})
	}
	if err := validProtocol().Validate(); err != nil {
		t.Fatalf("the valid protocol: %v", err)
	}
}

// Returned protocols are copies: changing one changes nothing in the
// package.
func TestProtocolsAreCopies(t *testing.T) {
	p, _ := Lookup(Weekly)
	p.Phases[0].Gap.Preferred = 99
	p.Sources[0] = "changed"
	p.Policy[0].Note = "changed"
	all := All()
	all[2].Phases[0].Name = "changed"
	again, _ := Lookup(Weekly)
	if again.Phases[0].Gap.Preferred != 7 || again.Sources[0] != meso.S0 || again.Policy[0].Note == "changed" || again.Phases[0].Name != "main" {
		t.Errorf("the package's protocol changed through a copy: %+v", again)
	}
	_, err := Lookup("fortnightly")
	var fe *meso.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, meso.ErrUnknown) || fe.Value != "fortnightly" || !strings.Contains(err.Error(), strings.Join(IDs(), ", ")) {
		t.Errorf("Lookup of an id that is not in the table: %v; want a *FieldError wrapping ErrUnknown that names it and lists the ids", err)
	}
}

func TestProtocolJSONRoundTrip(t *testing.T) {
	for _, p := range All() {
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Load(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v\n%s", p.ID, err, data)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("%s round trip (-want +got):\n%s", p.ID, diff)
		}
	}
}

func TestLoadProtocolRejects(t *testing.T) {
	valid, _ := json.Marshal(validProtocol())
	for _, tc := range []struct {
		name, old, new string
		field          string
		want           error
	}{
		{"unknown field", `"min_months"`, `"months"`, "", meso.ErrUnknown},
		{"unknown field in a phase", `"gap":`, `"every":7,"gap":`, "phases[0].every", meso.ErrUnknown},
		{"key twice", `"name":"House course"`, `"name":"House course","name":"Other"`, "name", meso.ErrDuplicate},
		{"wrong type", `"default":6`, `"default":"six"`, "sessions.default", meso.ErrInvalid},
		{"fraction", `"default":6`, `"default":6.5`, "sessions.default", meso.ErrInvalid},
		{"huge number", `"default":6`, `"default":1e30`, "sessions.default", meso.ErrInvalid},
		{"trailing data", `]}`, `]} {}`, "protocol", meso.ErrInvalid},
		{"invalid protocol", `"default":6`, `"default":60`, "sessions.max", meso.ErrInvalid},
		{"not JSON", `{`, `[`, "protocol", meso.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := strings.Replace(string(valid), tc.old, tc.new, 1)
			if tc.old == `"min_months"` {
				data = strings.Replace(string(valid), `"sources":`, `"months":3,"sources":`, 1)
				tc.field = "months"
			}
			if data == string(valid) {
				t.Fatalf("the case changes nothing in %s", valid)
			}
			_, err := Load(strings.NewReader(data))
			var fe *meso.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, tc.want) || tc.field != "" && fe.Field != tc.field {
				t.Fatalf("Load = %v; want a *FieldError at %q wrapping %v", err, tc.field, tc.want)
			}
		})
	}
	big := `{"id":"` + strings.Repeat("a", MaxProtocolBytes) + `"}`
	if _, err := Load(strings.NewReader(big)); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("Load(%d bytes) = %v, want ErrTooLarge", len(big), err)
	}
	var p Protocol
	p.ID = "kept"
	if err := p.UnmarshalJSON([]byte(`{"id":"x"}`)); err == nil || p.ID != "kept" {
		t.Errorf("UnmarshalJSON of an invalid protocol: %v, and the value became %q", err, p.ID)
	}
}

func FuzzLoadProtocol(f *testing.F) {
	if p, err := Lookup(WeeklyThenBiweekly); err == nil {
		if doc, err := json.Marshal(p); err == nil {
			for _, s := range jsontest.Seeds(doc, strictjson.MaxDepth) {
				f.Add(s)
			}
		}
	}
	for _, p := range All() {
		data, _ := json.Marshal(p)
		f.Add(data)
	}
	valid, _ := json.Marshal(validProtocol())
	f.Add(valid)
	f.Add([]byte(`{"id":"a","phases":[{"name":"x","gap":{"min":1,"preferred":1,"max":365}}],"sessions":{"min":1,"max":300,"default":1},"sources":["s"]}`))
	f.Add([]byte(`{"id":"a","id":"b"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return // the size limit is TestLoadProtocolRejects' job; here, the structure
		}
		p, err := Load(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Load error %v is not a *FieldError", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("an accepted protocol does not validate: %v", err)
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("an accepted protocol does not encode: %v", err)
		}
		back, err := Load(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("an accepted protocol's encoding is rejected: %v", err)
		}
		if diff := cmp.Diff(p, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip (-first +second):\n%s", diff)
		}
		// Whatever the protocol, an expansion ends, in a calendar closed on
		// most days, without panicking.
		cal, _ := clinic.NewCalendar(time.UTC, 10, 0, clinic.WeekdaysOf(time.Saturday, time.Sunday, time.Wednesday))
		first, _ := meso.NewDate(2027, time.January, 11)
		n := 0
		for _, err := range p.ExpandSeq(first, 0, cal) {
			if err == nil {
				n++
			}
		}
		if n > p.Sessions.Max {
			t.Fatalf("%d appointments, the protocol allows %d", n, p.Sessions.Max)
		}
	})
}
