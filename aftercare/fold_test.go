package aftercare

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/mesokit/meso/internal/strictjson"

	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of the policy's schema, in other letters, is refused by name:
// "DURATION" must not shorten the no-washing window.
func TestFoldedKeysRefused(t *testing.T) {
	doc, err := DefaultPolicy().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
		_, err := LoadPolicy(bytes.NewReader(b))
		return err
	}, policyJSON{}, ruleJSON{}, leadJSON{})
}

// deepDecoders are this package's decoders, each with the key of a list
// it walks and the largest input it takes.
var deepDecoders = []jsontest.Decoder{
	{Name: "policy", Key: "restrictions", Size: MaxPolicyBytes, Decode: func(data []byte) error {
		_, err := LoadPolicy(bytes.NewReader(data))
		return err
	}},
}

// Decoding a hostile document of the largest size accepted, nested to the
// depth limit or far past it, costs memory linear in its size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	jsontest.CheckMemoryOf(t, deepDecoders, strictjson.MaxDepth)
}

func BenchmarkDecodeDeep(b *testing.B) {
	jsontest.BenchmarkDeepOf(b, deepDecoders, strictjson.MaxDepth)
}

// Every key of each row of a policy read on its own, of a timeline's
// windows and of the tables' entries, in other letters, is refused by name.
func TestFoldedKeysRefusedRows(t *testing.T) {
	p := DefaultPolicy()
	docs := func(vs ...any) [][]byte {
		var out [][]byte
		for _, v := range vs {
			doc, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, doc)
		}
		return out
	}
	var restrictions, leads []any
	for _, r := range p.Restrictions() {
		restrictions = append(restrictions, r)
	}
	noted := p.Restrictions()[0]
	noted.Note, noted.PolicyDefault = "a clinic's note", true
	restrictions = append(restrictions, noted)
	for _, l := range p.Leads() {
		leads = append(leads, l)
	}
	session := p.Session()
	session.Note, session.PolicyDefault = "a clinic's note", true
	var statements []any
	for a := Activity(1); a < numActivities; a++ {
		for _, s := range Statements(a) {
			statements = append(statements, s)
		}
	}
	var effects []any
	for _, e := range AfterEffects() {
		effects = append(effects, e)
	}
	for _, tc := range []struct {
		name    string
		samples [][]byte
		decode  func([]byte) error
		schema  []any
	}{
		{"policy (UnmarshalJSON)", docs(p), func(b []byte) error { return new(Policy).UnmarshalJSON(b) }, []any{policyJSON{}, ruleJSON{}, leadJSON{}}},
		{"restriction", docs(restrictions...), func(b []byte) error { return new(Restriction).UnmarshalJSON(b) }, []any{ruleJSON{}}},
		{"lead", docs(leads...), func(b []byte) error { return new(Lead).UnmarshalJSON(b) }, []any{leadJSON{}}},
		{"session", docs(p.Session(), session), func(b []byte) error { return new(SessionLength).UnmarshalJSON(b) }, []any{sessionJSON{}}},
		{"timeline", docs(sampleTimeline()), func(b []byte) error { return new(Timeline).UnmarshalJSON(b) }, []any{Window{}}},
		{"statement", docs(statements...), func(b []byte) error { return new(Statement).UnmarshalJSON(b) }, []any{statementJSON{}}},
		{"after-effect", docs(effects...), func(b []byte) error { return new(AfterEffect).UnmarshalJSON(b) }, []any{afterEffectJSON{}}},
	} {
		t.Run(tc.name, func(t *testing.T) { jsontest.CheckFoldedKeys(t, tc.samples, tc.decode, tc.schema...) })
	}
}
