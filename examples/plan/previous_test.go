package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/ics"
	"github.com/mesokit/meso/course/schedule"
)

// FuzzPrevious reads arbitrary bytes as the file of -previous: readPrevious
// either refuses them or returns appointments that ics.Write takes as the
// previous plan or refuses with a *FieldError naming a previous field.
func FuzzPrevious(f *testing.F) {
	f.Add([]byte(`{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00+01:00", "phase": "main", "earliest": "2027-03-01", "latest": "2027-03-01"}], "calendar": {"course": "c-1", "sequence": 2}}`))
	f.Add([]byte(`{"appointments": [{"n": 1, "start": "2027-03-01T10:00:00Z"}, {"n": 1, "start": "2027-03-02T10:00:00Z"}]}`))
	f.Add([]byte(`{"appointments": [{"n": 0}], "calendar": {"sequence": -1}}`))
	f.Add([]byte(`{"appointments": []}`))
	f.Add([]byte(`[]`))
	plan := []schedule.Appointment{{N: 1, Start: time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)}}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := readPrevious(file)
		if err != nil {
			return
		}
		if len(p.Appointments) == 0 || p.Calendar == nil {
			t.Fatalf("accepted %q with no appointments or calendar", data)
		}
		err = ics.Write(io.Discard, plan, ics.Options{UIDDomain: "clinic.example", Course: "c-1", Stamp: time.Now(),
			Previous: &ics.Previous{Appointments: p.Appointments, Sequence: p.Calendar.Sequence}})
		var fe *meso.FieldError
		if err != nil && (!errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "previous")) {
			t.Fatalf("%q: ics.Write: %v", data, err)
		}
	})
}

// -previous is read as strictly as every JSON input: a key in other letters
// or given twice is refused by name, never read as the key it folds to.
func TestPreviousIsStrict(t *testing.T) {
	good := `{"protocol": "weekly", "appointments": [{"n": 1, "start": "2027-03-01T10:00:00+01:00", "phase": "main", "earliest": "2027-03-01", "latest": "2027-03-01"}], "calendar": {"course": "c-1", "sequence": 2}}`
	for _, tc := range []struct{ doc, key string }{
		{strings.Replace(good, `"sequence": 2`, `"sequence": 2, "SEQUENCE": 0`, 1), "SEQUENCE"},
		{strings.Replace(good, `"appointments"`, `"APPOINTMENTS": [], "appointments"`, 1), "APPOINTMENTS"},
		{strings.Replace(good, `"course": "c-1"`, `"course": "c-1", "course": "c-2"`, 1), "course"},
	} {
		file := filepath.Join(t.TempDir(), "plan.json")
		if err := os.WriteFile(file, []byte(tc.doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readPrevious(file); err == nil || !strings.Contains(err.Error(), tc.key) {
			t.Errorf("readPrevious(%s) = %v, want an error naming %s", tc.doc, err, tc.key)
		}
	}
	file := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(file, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, err := readPrevious(file); err != nil || len(p.Appointments) != 1 || p.Calendar.Sequence != 2 {
		t.Errorf("readPrevious(good) = %+v, %v", p, err)
	}
}
