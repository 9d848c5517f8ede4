package aftercare

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/fuzzcheck"
	"github.com/mesokit/meso/internal/jsontest"
	"github.com/mesokit/meso/internal/strictjson"
)

// sampleTimeline is a course of three sessions under the default policy.
func sampleTimeline() Timeline {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	s := time.Date(2027, time.March, 1, 10, 0, 0, 0, berlin)
	return DefaultPolicy().Course(s, s.AddDate(0, 0, 2), s.AddDate(0, 0, 14))
}

// unmarshalTypes are the types FuzzUnmarshal reads, in the order the first
// byte of its input picks them.
var unmarshalTypes = []jsontest.Type{
	{Sample: func() any { p := *DefaultPolicy(); return &p }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		p := v.(*Policy)
		q, err := NewPolicy(p.Name(), p.Restrictions(), p.Leads())
		if err == nil {
			_, err = q.WithSession(p.Session())
		}
		return err
	}},
	{Sample: func() any { r := DefaultPolicy().Restrictions()[0]; return &r }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		_, err := NewPolicy("fuzz", []Restriction{*v.(*Restriction)}, nil)
		return err
	}, Seeds: []string{`{"activity":"wash-hair","duration":"999h","sources":["s"]}`, `{"activity":"wash-hair","duration":"-1h","sources":["s"]}`,
		`{"activity":"wash-hair","duration":"0s","sources":["s"]}`, `{"activity":"wash-hair","duration":"72h","sources":["s", "s"]}`}},
	{Sample: func() any { l := DefaultPolicy().Leads()[0]; return &l }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		_, err := NewPolicy("fuzz", nil, []Lead{*v.(*Lead)})
		return err
	}, Seeds: []string{`{"id":"stop-anticoagulants","days":-1,"sources":["s"]}`, `{"id":"stop-anticoagulants","days":1e9,"sources":["s"]}`}},
	{Sample: func() any { l := DefaultPolicy().Session(); return &l }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		_, err := DefaultPolicy().WithSession(*v.(*SessionLength))
		return err
	}, Seeds: []string{`{"length":"0s","sources":["s"]}`, `{"length":"-45m","sources":["s"]}`, `{"length":"9999h","sources":["s"]}`}},
	{Sample: func() any { r := sampleTimeline(); return &r }, Refusal: fuzzcheck.Field, Valid: func(v any) error {
		// A decoded timeline's windows are those Merge keeps as they are.
		r := *v.(*Timeline)
		if d := fuzzDiff(r.Windows(), Merge(r.Windows()).Windows()); d != "" {
			return &meso.FieldError{Field: "timeline", Value: d, Err: meso.ErrInvalid}
		}
		return nil
	}, Seeds: []string{`[]`, `null`,
		`[{"activity":"wash-hair","from":"0000-01-01T00:00:00-12:00","until":"0000-01-01T01:00:00-12:00"},{"activity":"touch-scalp","from":"0000-01-01T00:00:00Z","until":"0000-01-01T01:00:00Z"}]`,
		`[{"activity":"wash-hair","from":"9999-12-31T00:00:00+14:00","until":"9999-12-31T01:00:00+14:00"},{"activity":"touch-scalp","from":"9999-12-31T23:00:00-12:00","until":"9999-12-31T23:30:00-12:00"}]`,
	}},
	{Sample: func() any { s := Statements(Activity(1))[0]; return &s }, Refusal: fuzzcheck.Field,
		Seeds: []string{`{"min":"72h","max":"24h","words":"w","sources":["s"]}`, `{"min":"-1h","words":"w","sources":[]}`}},
	{Sample: func() any { e := AfterEffects()[0]; return &e }, Refusal: fuzzcheck.Field,
		Seeds: []string{`{"what":"x","min":"1.5h","max":"2562047h","words":"w","sources":["s"]}`}},
	{Sample: func() any { a := Activity(1); return &a }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "wash-hair"}},
	{Sample: func() any { k := Tell; return &k }, Refusal: fuzzcheck.Sentinel, Seeds: []string{"", "avoid"}},
}

// fuzzDiff compares what the package's decoders read: a timeline as its
// windows, instants by Equal.
func fuzzDiff(want, got any) string {
	return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }),
		cmp.Comparer(time.Time.Equal),
		cmp.Comparer(func(a, b Timeline) bool {
			return cmp.Equal(a.Windows(), b.Windows(), cmp.Comparer(time.Time.Equal))
		}))
}

// Any input to the UnmarshalJSON of a Policy, a Restriction, a Lead, a
// SessionLength, a Timeline, a Statement or an AfterEffect, or to the
// UnmarshalText of an Activity or an Ask, is either refused (a
// *meso.FieldError naming the field for the JSON forms, an error wrapping
// a meso sentinel for the text forms, the receiver left as it was) or read
// as a value NewPolicy, WithSession or Merge accepts as it is, that encodes
// again and reads back as itself. Nothing panics.
func FuzzUnmarshal(f *testing.F) {
	seeds, err := jsontest.FuzzSeeds(unmarshalTypes, strictjson.MaxDepth)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return // the size limits have their own tests
		}
		jsontest.CheckInput(t, unmarshalTypes, data, fuzzDiff)
	})
}

// A timeline whose windows, written in the first window's offset (where a
// Timeline writes them all), fall outside the years JSON can write is
// refused: it was read, and then could not be saved again.
func TestTimelineRefusesWindowsPastTheYears(t *testing.T) {
	for _, tc := range []struct{ doc, field string }{
		{`[{"activity":"touch-scalp","from":"9999-12-31T00:00:00+14:00","until":"9999-12-31T01:00:00+14:00"},` +
			`{"activity":"wash-hair","from":"9999-12-31T23:00:00-12:00","until":"9999-12-31T23:30:00-12:00"}]`, "[1].from"},
		{`[{"activity":"touch-scalp","from":"0000-01-01T00:00:00-12:00","until":"0000-01-01T01:00:00-12:00"},` +
			`{"activity":"wash-hair","from":"0000-01-01T00:00:00Z","until":"0000-01-01T01:00:00Z"}]`, "[1].from"},
		{`[{"activity":"wash-hair","from":"9999-12-31T00:00:00+14:00","until":"9999-12-31T23:00:00-12:00"}]`, "[0].until"},
	} {
		r := sampleTimeline()
		err := r.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, meso.ErrInvalid) {
			t.Errorf("Timeline.UnmarshalJSON(%s) = %v, want a *meso.FieldError at %s wrapping ErrInvalid", tc.doc, err, tc.field)
		}
		if d := fuzzDiff(sampleTimeline(), r); d != "" {
			t.Errorf("a refused timeline changed the Timeline:\n%s", d)
		}
	}
}

// Decoding into DefaultPolicy() or ShortestStatedPolicy() is refused and
// leaves it as it was: each is shared by every caller, and
// json.Unmarshal(doc, aftercare.DefaultPolicy()) replaced it for the whole
// program.
func TestSharedPoliciesCannotBeDecodedInto(t *testing.T) {
	short, err := json.Marshal(ShortestStatedPolicy())
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]*Policy{"DefaultPolicy()": DefaultPolicy(), "ShortestStatedPolicy()": ShortestStatedPolicy()} {
		before, _ := json.Marshal(p)
		doc := short
		if p == ShortestStatedPolicy() {
			doc, _ = json.Marshal(DefaultPolicy())
		}
		err := json.Unmarshal(doc, p)
		var fe *meso.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, meso.ErrInvalid) {
			t.Errorf("json.Unmarshal into %s = %v, want a *meso.FieldError wrapping ErrInvalid", name, err)
		}
		if after, _ := json.Marshal(p); !bytes.Equal(before, after) {
			t.Errorf("decoding into %s changed it", name)
		}
	}
}

// What NewPolicy, WithSession and Merge would not give cannot come in
// through JSON: each document here is one way of trying, refused at the
// field it tries with.
func TestDecodedCannotCarryWhatConstructorsRefuse(t *testing.T) {
	w := func(activity, from, until string) string {
		return `{"activity":"` + activity + `","from":"` + from + `","until":"` + until + `"}`
	}
	for _, tc := range []struct {
		name, field string
		v           interface{ UnmarshalJSON([]byte) error }
		doc         string
	}{
		{"a negative duration", "duration", new(Restriction), `{"activity":"wash-hair","duration":"-72h","sources":["s"]}`},
		{"a duration over the limit", "duration", new(Restriction), `{"activity":"wash-hair","duration":"9999h","sources":["s"]}`},
		{"an unknown activity", "activity", new(Restriction), `{"activity":"skydiving","duration":"72h","sources":["s"]}`},
		{"a restriction without a basis", "sources", new(Restriction), `{"activity":"wash-hair","duration":"72h","sources":[]}`},
		{"a negative lead", "days", new(Lead), `{"id":"stop-anticoagulants","days":-1,"sources":["s"]}`},
		{"a session of no length", "session.length", new(SessionLength), `{"length":"0s","sources":["s"]}`},
		{"a negative session", "session.length", new(SessionLength), `{"length":"-45m","sources":["s"]}`},
		{"unsorted windows", "[1]", new(Timeline), `[` + w("wash-hair", "2027-03-01T10:00:00Z", "2027-03-02T10:00:00Z") + `,` +
			w("touch-scalp", "2027-03-01T10:00:00Z", "2027-03-01T14:00:00Z") + `]`},
		{"windows out of time order", "[1]", new(Timeline), `[` + w("wash-hair", "2027-03-05T10:00:00Z", "2027-03-06T10:00:00Z") + `,` +
			w("wash-hair", "2027-03-01T10:00:00Z", "2027-03-02T10:00:00Z") + `]`},
		{"overlapping windows", "[1]", new(Timeline), `[` + w("wash-hair", "2027-03-01T10:00:00Z", "2027-03-03T10:00:00Z") + `,` +
			w("wash-hair", "2027-03-02T10:00:00Z", "2027-03-04T10:00:00Z") + `]`},
		{"a reversed window", "[0].until", new(Timeline), `[` + w("wash-hair", "2027-03-02T10:00:00Z", "2027-03-01T10:00:00Z") + `]`},
		{"a window from the zero time", "[0].from", new(Timeline), `[` + w("wash-hair", "0001-01-01T00:00:00Z", "2027-03-01T10:00:00Z") + `]`},
		{"a negative statement", "min", new(Statement), `{"min":"-1h","words":"w","sources":["s"]}`},
		{"an after-effect's min over its max", "min", new(AfterEffect), `{"what":"x","min":"48h","max":"24h","words":"w","sources":["s"]}`},
	} {
		err := tc.v.UnmarshalJSON([]byte(tc.doc))
		var fe *meso.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: %v, want a *meso.FieldError at %s", tc.name, err, tc.field)
		}
	}
}
