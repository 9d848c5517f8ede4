package course

import (
	"testing"

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
