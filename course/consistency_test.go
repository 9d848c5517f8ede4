package course

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/aftercare"
	"github.com/mesokit/meso/screening"
)

// Screening defers a course after a last dose of aspirin or an enzyme
// preparation; aftercare tells the patient how long before a session to stop
// them. Both are policy defaults, as no source states a number, and they must
// be the same number: a patient must not be told two things.
func TestAspirinLeadMatchesScreening(t *testing.T) {
	lead, err := aftercare.DefaultPolicy().Lead("no-aspirin-or-enzymes-before")
	if err != nil {
		t.Fatal("aftercare has no aspirin instruction")
	}
	for _, id := range []string{"aspirin", "enzyme-preparation"} {
		r, err := screening.DefaultPolicy().Rule(id)
		if err != nil || r.Days != lead.Days {
			t.Errorf("screening rule %s defers %d days (found %v); aftercare asks for %d days before", id, r.Days, err == nil, lead.Days)
		}
	}
}

// Screening defers after anticoagulants by the strictest reading of S2's
// 7-10 days; aftercare asks the patient to stop them that long before the
// course.
func TestAnticoagulantLeadMatchesScreening(t *testing.T) {
	lead, _ := aftercare.DefaultPolicy().Lead("stop-anticoagulants")
	r, err := screening.DefaultPolicy().Rule("anticoagulant")
	if err != nil || r.Days != lead.Days {
		t.Errorf("screening defers %d days after anticoagulants (found %v); aftercare asks for %d days before", r.Days, err == nil, lead.Days)
	}
}

// The protocol lists of the package comment and the README name every
// protocol with the sources of its table, by their tags S0 to S4.
func TestProtocolListsMatchTable(t *testing.T) {
	tags := map[string]string{}
	for i, name := range meso.Sources() {
		tags[name] = fmt.Sprintf("S%d", i)
	}
	for _, tc := range []struct {
		file string
		line func(id string) *regexp.Regexp // the id's line; group 1 its sources
	}{
		{"doc.go", func(id string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^//\t` + id + `\s+(S\d(?:, S\d)*)\s`)
		}},
		{"../README.md", func(id string) *regexp.Regexp {
			return regexp.MustCompile("(?m)^\\| `" + id + "` \\| (S\\d(?:, S\\d)*) \\|")
		}},
	} {
		text, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range Protocols() {
			var want []string
			for _, s := range p.Sources {
				want = append(want, tags[s])
			}
			m := tc.line(p.ID).FindSubmatch(text)
			if m == nil {
				t.Errorf("%s does not list protocol %s with its sources", tc.file, p.ID)
				continue
			}
			if got := string(m[1]); got != strings.Join(want, ", ") {
				t.Errorf("%s lists %s from %s; its table says %s", tc.file, p.ID, got, strings.Join(want, ", "))
			}
		}
	}
}
