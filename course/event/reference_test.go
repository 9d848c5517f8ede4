package event

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/schedule"
)

// Every passage of a reference is in one of its documents, word for word;
// a passage marked (Sn) is in that one.
func TestReferencesQuoteTheirSources(t *testing.T) {
	tag := regexp.MustCompile(` \((S\d)\)$`)
	check := func(id, text string, sources []string) {
		t.Helper()
		if len(sources) == 0 {
			t.Errorf("%s cites no source", id)
		}
		for _, passage := range strings.Split(text, " … ") {
			docs := sources
			if m := tag.FindStringSubmatch(passage); m != nil {
				passage = strings.TrimSuffix(passage, m[0])
				docs = []string{meso.Sources()[m[1][1]-'0']}
			}
			found := false
			for _, d := range docs {
				found = found || strings.Contains(words(seed(t, d)), words(passage))
			}
			if !found {
				t.Errorf("%s: %q is not in %v", id, passage, docs)
			}
		}
	}
	for _, list := range [][]Reference{Performers(), SessionSteps(), Expectations(), Referrals()} {
		if len(list) == 0 {
			t.Errorf("an empty list of references")
		}
		for _, r := range list {
			if r.ID == "" || r.Text == "" {
				t.Errorf("reference %+v has no id or text", r)
			}
			check(r.ID, r.Words, r.Sources)
		}
	}
	for _, p := range Prices() {
		check(p.ID, p.Words, p.Sources)
		if p.Min > p.Max || p.Min <= 0 || (p.Unit != "USD" && p.Unit != "%") {
			t.Errorf("price %+v", p)
		}
	}
}

// Issue 16's left-out facts, pinned to their sources.
func TestReferenceFacts(t *testing.T) {
	ids := func(refs []Reference) string {
		var s []string
		for _, r := range refs {
			s = append(s, r.ID)
		}
		return strings.Join(s, " ")
	}
	if got := ids(SessionSteps()); got != "position gloves antiseptic-before anaesthesia injections antiseptic-after massage-after assess-reaction" {
		t.Errorf("session steps %s", got)
	}
	if got := ids(Performers()); got != "certified-specialist trained-medical-staff doctors-office" {
		t.Errorf("performers %s", got)
	}
	p := Prices()
	if len(p) != 4 || p[0].Min != 41 || p[0].Max != 109 || p[1].Min != 54 || p[1].Max != 68 || p[2].Min != 136 || p[2].Max != 163 ||
		p[3].Min != 10 || p[3].Max != 30 || p[3].Unit != "%" {
		t.Errorf("prices %+v; want S2's", p)
	}
	e := Expectations()
	if e[0].ID != "first-results" || e[0].Sources[0] != meso.S4 {
		t.Errorf("expectations %+v", e)
	}
	// Values returned are copies.
	e[0].Sources[0] = "x"
	p[0].Sources[0] = "x"
	if Expectations()[0].Sources[0] != meso.S4 || Prices()[0].Sources[0] != meso.S2 {
		t.Errorf("a change to a returned reference reached the table")
	}
}

func TestCourseQuote(t *testing.T) {
	for _, tc := range []struct {
		sessions int
		price    int64
		discount int
		want     int64
	}{
		{10, 5000, 0, 50000},
		{10, 5000, 20, 40000},
		{3, 3333, 15, 8499}, // 9999 * 0.85 = 8499.15
		{1, 1, 50, 1},       // half a cent rounds up
		{1, 0, 30, 0},
		{schedule.MaxSessions, MaxPrice, 0, schedule.MaxSessions * MaxPrice},
	} {
		got, err := CourseQuote(tc.sessions, tc.price, tc.discount)
		if err != nil || got != tc.want {
			t.Errorf("CourseQuote(%d, %d, %d) = %d, %v; want %d", tc.sessions, tc.price, tc.discount, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		sessions int
		price    int64
		discount int
		field    string
	}{
		{0, 100, 0, "sessions"}, {schedule.MaxSessions + 1, 100, 0, "sessions"},
		{1, -1, 0, "per_session"}, {1, MaxPrice + 1, 0, "per_session"},
		{1, 100, -1, "discount"}, {1, 100, 101, "discount"},
	} {
		_, err := CourseQuote(tc.sessions, tc.price, tc.discount)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, meso.ErrInvalid) {
			t.Errorf("CourseQuote(%d, %d, %d) = %v; want invalid %s", tc.sessions, tc.price, tc.discount, err, tc.field)
		}
	}
}

// A session records the steps done by their ids, in SessionSteps' order; an
// unknown or repeated id is refused, and the log reads back what it wrote.
func TestChecklist(t *testing.T) {
	if n := len(SessionSteps()); n > 16 {
		t.Fatalf("%d session steps: a Checklist holds 16", n)
	}
	c, err := NewChecklist([]string{"antiseptic-after", "gloves", "antiseptic-before"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.String(), "gloves,antiseptic-before,antiseptic-after"; got != want || !c.Has("gloves") || c.Has("massage-after") {
		t.Errorf("checklist %q, want %q with gloves and without massage-after", got, want)
	}
	for _, ids := range [][]string{{"gloves", "gloves"}, {"sterile-room"}, {""}} {
		var fe *meso.FieldError
		if _, err := NewChecklist(ids); !errors.As(err, &fe) || fe.Field != "checklist" {
			t.Errorf("NewChecklist(%q) = %v, want a *FieldError at checklist", ids, err)
		}
	}
	var back Checklist
	if text, err := c.MarshalText(); err != nil || back.UnmarshalText(text) != nil || back != c {
		t.Errorf("round trip of %v: %s, %v, %v", c, text, err, back)
	}
	if _, err := Checklist(1 << 15).MarshalText(); err == nil {
		t.Error("a checklist past the steps was written")
	}
	var zero Checklist
	if zero.String() != "" || zero.IDs() != nil || zero.Has("gloves") {
		t.Errorf("Checklist(0) holds %q", zero)
	}
}
