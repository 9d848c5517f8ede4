package aftercare

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/mesokit/meso"
)

func TestNewPolicy(t *testing.T) {
	p, err := NewPolicy("clinic-2027",
		[]Restriction{{Activity: WashHair, Duration: 48 * time.Hour, Sources: []string{meso.S3}, Note: "our dermatologist's choice"}},
		[]Lead{{Instruction: "no-sauna-before", Days: 2, PolicyDefault: true, Note: "two days"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name() != "clinic-2027" || p.Duration(WashHair) != 48*time.Hour || p.Duration(XRay) != DefaultPolicy().Duration(XRay) {
		t.Errorf("NewPolicy: %s wash %v x-ray %v", p.Name(), p.Duration(WashHair), p.Duration(XRay))
	}
	if l, err := p.Lead("no-sauna-before"); err != nil || l.Days != 2 {
		t.Errorf("lead = %+v, %v; want 2 days", l, err == nil)
	}
	if DefaultPolicy().Duration(WashHair) != 72*time.Hour {
		t.Errorf("NewPolicy changed the default policy")
	}
}

func TestNewPolicyRejects(t *testing.T) {
	ok := Restriction{Activity: Pool, Duration: time.Hour, PolicyDefault: true}
	for _, tc := range []struct {
		name  string
		rules []Restriction
		leads []Lead
		field string
		want  error
	}{
		{"empty name", nil, nil, "name", meso.ErrMissing},
		{"unknown activity", []Restriction{{Activity: 0, Duration: time.Hour, PolicyDefault: true}}, nil, "restrictions[0].activity", meso.ErrUnknown},
		{"activity twice", []Restriction{ok, ok}, nil, "restrictions[1].activity", meso.ErrDuplicate},
		{"negative duration", []Restriction{{Activity: Pool, Duration: -time.Hour, PolicyDefault: true}}, nil, "restrictions[0].duration", meso.ErrInvalid},
		{"too long", []Restriction{{Activity: Pool, Duration: MaxDuration + 1, PolicyDefault: true}}, nil, "restrictions[0].duration", meso.ErrInvalid},
		{"no basis", []Restriction{{Activity: Pool, Duration: time.Hour}}, nil, "restrictions[0].sources", meso.ErrMissing},
		{"source twice", []Restriction{{Activity: Pool, Duration: time.Hour, Sources: []string{"a", "a"}}}, nil, "restrictions[0].sources[1]", meso.ErrDuplicate},
		{"unknown instruction", nil, []Lead{{Instruction: "no-coffee", Days: 1, PolicyDefault: true}}, "leads[0].instruction", meso.ErrUnknown},
		{"tell has no lead", nil, []Lead{{Instruction: "no-medicines-without-doctor", Days: 1, PolicyDefault: true}}, "leads[0].instruction", meso.ErrInvalid},
		{"lead twice", nil, []Lead{{Instruction: "no-sauna-before", Days: 1, PolicyDefault: true}, {Instruction: "no-sauna-before", Days: 2, PolicyDefault: true}}, "leads[1].instruction", meso.ErrDuplicate},
		{"whole day needs a day before", nil, []Lead{{Instruction: "wash-hair-day-before", Days: 0, PolicyDefault: true}}, "leads[0].days", meso.ErrInvalid},
		{"lead too long", nil, []Lead{{Instruction: "no-sauna-before", Days: MaxLeadDays + 1, PolicyDefault: true}}, "leads[0].days", meso.ErrInvalid},
	} {
		name := "clinic"
		if tc.name == "empty name" {
			name = ""
		}
		p, err := NewPolicy(name, tc.rules, tc.leads)
		var fe *meso.FieldError
		if p != nil || !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("%s: NewPolicy = %v, %v; want a meso.FieldError at %s wrapping %v", tc.name, p, err, tc.field, tc.want)
		}
	}
}

// policyContents is what a policy holds, for comparing two.
func policyContents(p *Policy) any {
	return struct {
		Name  string
		Rules []Restriction
		Leads []Lead
	}{p.Name(), p.Restrictions(), p.Leads()}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.OneOf(rapid.Just(DefaultPolicy()), rapid.Just(ShortestStatedPolicy()), rapid.Custom(func(t *rapid.T) *Policy { return genPolicy(t, "generated") })).Draw(t, "policy")
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadPolicy(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("LoadPolicy(%s): %v", data, err)
		}
		if diff := cmp.Diff(policyContents(p), policyContents(back)); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestLoadPolicyRejects(t *testing.T) {
	for _, tc := range []struct {
		in, field string
		want      error
	}{
		{`{"name": "x", "restrictions": [{"activity": "swimming", "duration": "1h", "sources": ["s"]}], "instructions": []}`, "restrictions[0].activity", meso.ErrUnknown},
		{`{"name": "x", "restrictions": [{"activity": "pool", "duration": "a day", "sources": ["s"]}], "instructions": []}`, "restrictions[0].duration", meso.ErrInvalid},
		{`{"name": "x", "restrictions": [{"activity": "pool", "duration": "-1h", "sources": ["s"]}], "instructions": []}`, "restrictions[0].duration", meso.ErrInvalid},
		{`{"name": "x", "restrictions": [{"activity": "pool", "duration": "1h", "sources": []}], "instructions": []}`, "restrictions[0].sources", meso.ErrMissing},
		{`{"name": "x", "restrictions": [], "instructions": [{"id": "no-coffee", "days": 1, "sources": ["s"]}]}`, "instructions[0].id", meso.ErrUnknown},
		{`{"name": "x", "restrictions": [], "instructions": [], "extra": 1}`, "extra", meso.ErrUnknown},
		{`{"name": "x", "name": "y", "restrictions": [], "instructions": []}`, "name", meso.ErrDuplicate},
		{`{"name": "x", "restrictions": [], "instructions": []} {}`, "policy", meso.ErrInvalid},
		{`{"restrictions": [], "instructions": []}`, "name", meso.ErrMissing},
	} {
		_, err := LoadPolicy(strings.NewReader(tc.in))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("LoadPolicy(%s) error = %v; want a meso.FieldError at %s wrapping %v", tc.in, err, tc.field, tc.want)
		}
	}
	if _, err := LoadPolicy(strings.NewReader(strings.Repeat(" ", MaxPolicyBytes+1))); !errors.Is(err, meso.ErrTooLarge) {
		t.Errorf("oversize policy: error %v, want meso.ErrTooLarge", err)
	}
}

func TestPolicyReturnsCopies(t *testing.T) {
	r, _ := DefaultPolicy().Restriction(WashHair)
	r.Sources[0] = "changed"
	rules := DefaultPolicy().Restrictions()
	rules[0].Sources[0] = "changed"
	l, _ := DefaultPolicy().Lead("stop-anticoagulants")
	l.Sources[0] = "changed"
	s := Statements(WashHair)
	s[0].Sources[0] = "changed"
	if again, _ := DefaultPolicy().Restriction(WashHair); again.Sources[0] != meso.S2 || DefaultPolicy().Restrictions()[0].Sources[0] != meso.S3 ||
		Statements(WashHair)[0].Sources[0] != meso.S4 {
		t.Errorf("a change to a returned value reached the policy or the tables")
	}
	if l2, _ := DefaultPolicy().Lead("stop-anticoagulants"); l2.Sources[0] != meso.S1 {
		t.Errorf("a change to a returned lead reached the policy")
	}
	if _, err := DefaultPolicy().Lead("tell-allergies-and-medicines"); err == nil {
		t.Errorf("a tell instruction has a lead")
	}
}

func TestPoliciesConcurrentUse(t *testing.T) {
	session := time.Date(2027, 3, 26, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				p := DefaultPolicy()
				if j%2 == 0 {
					p = ShortestStatedPolicy()
				}
				r := p.Course(session, session.AddDate(0, 0, 3))
				_ = r.Allowed(WashHair, session.Add(time.Hour))
				_ = p.Steps(session, true)
				if _, err := json.Marshal(p); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzLoadPolicy(f *testing.F) {
	if doc, err := DefaultPolicy().MarshalJSON(); err == nil {
		for _, s := range jsontest.Seeds(doc, strictjson.MaxDepth) {
			f.Add(s)
		}
	}
	data, _ := json.Marshal(DefaultPolicy())
	f.Add(data)
	f.Add([]byte(`{"name": "x", "restrictions": [{"activity": "pool", "duration": "1h30m", "sources": ["s"]}], "instructions": [{"id": "no-sauna-before", "days": 2, "sources": [], "policy_default": true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limit has its own test
		}
		p, err := LoadPolicy(bytes.NewReader(data))
		if err != nil {
			var fe *meso.FieldError
			if p != nil || !errors.As(err, &fe) {
				t.Fatalf("LoadPolicy = %v, %v; want nil and a *meso.FieldError", p, err)
			}
			return
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := LoadPolicy(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("a loaded policy's own JSON is rejected: %v\n%s", err, again)
		}
		if diff := cmp.Diff(policyContents(p), policyContents(back)); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
