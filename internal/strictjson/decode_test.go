package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

type intake struct {
	BirthDate   string   `json:"birth_date"`
	Pregnant    *bool    `json:"pregnant"`
	Medications []string `json:"medications"`
	Kelvin      int      `json:"k"`
}

func TestDecodeRefusesKeysInOtherLetters(t *testing.T) {
	for _, tc := range []struct{ name, in, path, field string }{
		{"upper case after the key", `{"pregnant": true, "Pregnant": false}`, "Pregnant", "pregnant"},
		{"upper case alone", `{"BIRTH_DATE": "1990-01-01"}`, "BIRTH_DATE", "birth_date"},
		{"long s", `{"medicationſ": []}`, "medicationſ", "medications"},
		{"Kelvin sign", `{"\u212a": 1}`, "\u212a", "k"},
		{"escaped upper case", `{"\u0050regnant": false}`, "Pregnant", "pregnant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v intake
			err := Decode([]byte(tc.in), &v)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrFoldedKey) {
				t.Fatalf("Decode(%s) = %v, want an *Error wrapping ErrFoldedKey", tc.in, err)
			}
			if e.Path != tc.path {
				t.Errorf("path = %q, want %q", e.Path, tc.path)
			}
			if want := fmt.Sprintf("%q would be read as %q", tc.path, tc.field); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %s", err, want)
			}
		})
	}
}

func TestDecodeRefusesDuplicatesHowever(t *testing.T) {
	for _, in := range []string{
		`{"pregnant": true, "pregnant": false}`,
		`{"pregnant": true, "pregn\u0061nt": false}`,
		`{"birth_date": "x", "medications": [], "k": 1, "pregnant": null, "birth_date": "y"}`,
	} {
		var v intake
		if err := Decode([]byte(in), &v); !errors.Is(err, ErrDuplicateKey) {
			t.Errorf("Decode(%s) = %v, want ErrDuplicateKey", in, err)
		}
	}
	// Kept raw or in a map, an object is checked all the same, past the
	// few keys a small object holds without a map.
	var keys []string
	for i := range 20 {
		keys = append(keys, fmt.Sprintf(`"k%d": %d`, i, i))
	}
	in := `{` + strings.Join(keys, ", ") + `, "k3": 0}`
	var raw json.RawMessage
	if err := Decode([]byte(in), &raw); !errors.Is(err, ErrDuplicateKey) {
		t.Errorf("raw: %v, want ErrDuplicateKey", err)
	}
	var m map[string]int
	err := Decode([]byte(in), &m)
	var e *Error
	if !errors.As(err, &e) || e.Path != "k3" || !errors.Is(err, ErrDuplicateKey) {
		t.Errorf("map: %v, want ErrDuplicateKey at k3", err)
	}
}

func nested(depth int, inner string) string {
	return strings.Repeat("[", depth) + inner + strings.Repeat("]", depth)
}

func TestDecodeDepth(t *testing.T) {
	var v any
	if err := Decode([]byte(nested(MaxDepth, "1")), &v); err != nil {
		t.Errorf("at MaxDepth: %v", err)
	}
	err := Decode([]byte(nested(MaxDepth+1, "1")), &v)
	if !errors.Is(err, ErrTooDeep) || !strings.Contains(err.Error(), fmt.Sprint(MaxDepth)) {
		t.Errorf("past MaxDepth: %v, want ErrTooDeep naming %d", err, MaxDepth)
	}
	// Objects count as arrays do, and the path says where.
	deep := strings.Repeat(`{"a":`, MaxDepth) + "1" + strings.Repeat("}", MaxDepth)
	if err := Decode([]byte(deep), &v); err != nil {
		t.Errorf("objects at MaxDepth: %v", err)
	}
	err = Decode([]byte(`{"a":`+deep+`}`), &v)
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrTooDeep) || e.Path != strings.TrimSuffix(strings.Repeat("a.", MaxDepth), ".") {
		t.Errorf("objects past MaxDepth: %v, want ErrTooDeep at a.a…", err)
	}
}

func TestDecodeSyntaxErrorsArePlaced(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		line, col int
		say       string
	}{
		{"byte-order mark", "\ufeff{}", 1, 1, "byte-order mark"},
		{"second line", "{\n  \"pregnant\": tru}", 2, 15, "unexpected 't'"},
		{"column in characters", `{"birth_date": "ö", x}`, 1, 21, "want a key"},
		{"not UTF-8", "{\"birth_date\": \"\xff\"}", 1, 17, "not UTF-8"},
		{"lone surrogate", `{"birth_date": "\ud800"}`, 1, 17, "surrogate"},
		{"control character", "{\"birth_date\": \"a\tb\"}", 1, 18, "control character"},
		{"end of input", `{"birth_date": "x"`, 1, 19, "want ',' or '}'"},
		{"leading zero", `{"k": 01}`, 1, 8, "after a value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v intake
			err := Decode([]byte(tc.in), &v)
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrSyntax) {
				t.Fatalf("Decode(%q) = %v, want a syntax error", tc.in, err)
			}
			if e.Line != tc.line || e.Column != tc.col {
				t.Errorf("at line %d, column %d, want line %d, column %d (%v)", e.Line, e.Column, tc.line, tc.col, err)
			}
			if !strings.Contains(err.Error(), tc.say) || !strings.Contains(err.Error(), fmt.Sprintf("line %d, column %d", tc.line, tc.col)) {
				t.Errorf("error %q does not say %q and where", err, tc.say)
			}
		})
	}
}

func TestDecodeTypeErrorsSpeakJSON(t *testing.T) {
	type entry struct {
		N    int8     `json:"n"`
		Tags []string `json:"tags"`
	}
	type doc struct {
		Entries []entry `json:"entries"`
	}
	for _, tc := range []struct{ in, path, say string }{
		{`[]`, "", "got an array, want an object"},
		{`{"entries": [{"n": 1}, {"n": "seven"}]}`, "entries[1].n", "got a string, want a number"},
		{`{"entries": [{"n": 1.5}]}`, "entries[0].n", "want a whole number"},
		{`{"entries": [{"n": 300}]}`, "entries[0].n", "out of range"},
		{`{"entries": [{"tags": ["a", 2]}]}`, "entries[0].tags[1]", "got a number, want a string"},
		{`{"entries": {}}`, "entries", "got an object, want an array"},
	} {
		var d doc
		err := Decode([]byte(tc.in), &d)
		var e *Error
		if !errors.As(err, &e) || e.Path != tc.path || !errors.Is(err, ErrType) || !strings.Contains(err.Error(), tc.say) {
			t.Errorf("Decode(%s) = %v, want ErrType at %q saying %q", tc.in, err, tc.path, tc.say)
		}
		if strings.Contains(err.Error(), "strictjson.") || strings.Contains(err.Error(), "int8") {
			t.Errorf("Decode(%s) = %v, names a Go type", tc.in, err)
		}
	}
}

func TestDecodeInstants(t *testing.T) {
	type event struct {
		At time.Time `json:"at"`
	}
	for _, in := range []string{`+00:60`, `+24:00`, `-24:00`, `+05:99`} {
		var e event
		if err := Decode([]byte(`{"at": "2027-03-01T10:00:00`+in+`"}`), &e); !errors.Is(err, ErrType) || !strings.Contains(err.Error(), "at:") {
			t.Errorf("offset %s: %v, want ErrType at at", in, err)
		}
	}
	for _, in := range []string{`+05:45`, `+14:00`, `-12:00`, `Z`, `.5+12:45`} {
		var e event
		want, _ := time.Parse(time.RFC3339, "2027-03-01T10:00:00"+in)
		if err := Decode([]byte(`{"at": "2027-03-01T10:00:00`+in+`"}`), &e); err != nil || !e.At.Equal(want) {
			t.Errorf("offset %s: %v, %v; want %v", in, e.At, err, want)
		}
		_, off := e.At.Zone()
		if _, wantOff := want.Zone(); off != wantOff {
			t.Errorf("offset %s: read as %d s, want %d", in, off, wantOff)
		}
	}
}

// Decode reads what encoding/json reads, wherever it does not refuse.
func TestDecodeAgreesWithEncodingJSON(t *testing.T) {
	type inner struct {
		A  string            `json:"a"`
		B  *int              `json:"b"`
		C  []float64         `json:"c"`
		M  map[string]string `json:"m"`
		R  json.RawMessage   `json:"r"`
		At time.Time         `json:"at"`
	}
	type outer struct {
		inner
		List []inner `json:"list"`
		Any  any     `json:"any"`
		U    uint16  `json:"u"`
		Flag bool    `json:"flag"`
	}
	in := `{"a": "x\u00e9\n\ud83d\ude00", "b": 3, "c": [1, -2.5e3, 0], "m": {"k": "v"}, "r": {"z": [1, {"y": null}]},
		"at": "2027-03-01T10:00:00+05:45", "list": [{"a": "y", "b": null}, {}], "any": {"p": [true, null, 1.5, "s"]}, "u": 65535, "flag": true}`
	var want, got outer
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if err := Decode([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(outer{})); diff != "" {
		t.Errorf("Decode differs from encoding/json (-want +got):\n%s", diff)
	}
}

// Memory is linear in the input: a document of 8 MiB at the depth limit,
// and one nested far past it, each allocate a small multiple of their size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	const size = 8 << 20
	atLimit := nested(MaxDepth-1, `[`+strings.Repeat(`"abcdefgh",`, size/11)+`1]`)
	pastLimit := nested(size/2, "")
	for name, in := range map[string]string{"at the limit": atLimit, "past the limit": pastLimit} {
		data := []byte(in)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var raw json.RawMessage
		err := Decode(data, &raw)
		runtime.ReadMemStats(&after)
		if (err == nil) != (name == "at the limit") {
			t.Errorf("%s: error %v", name, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 4*uint64(len(data))+1<<16 {
			t.Errorf("%s: %d bytes allocated for %d bytes of input, want at most 4× and 64 KiB", name, got, len(data))
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	const size = 1 << 20
	for name, in := range map[string]string{
		"flat":         `{"a": [` + strings.Repeat(`{"a": "x", "b": 1, "c": [1.5]},`, size/32) + `{}]}`,
		"at-the-limit": nested(MaxDepth, strings.Repeat(`"abcdefgh",`, size/11)+`1`),
		"past-limit":   nested(size/2, ""),
	} {
		data := []byte(in)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				var v any
				_ = Decode(data, &v)
			}
		})
	}
}

func BenchmarkEncodingJSON(b *testing.B) {
	const size = 1 << 20
	data := []byte(`{"a": [` + strings.Repeat(`{"a": "x", "b": 1, "c": [1.5]},`, size/32) + `{}]}`)
	b.Run("flat", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v any
			_ = json.Unmarshal(data, &v)
		}
	})
}

// What Decode accepts, encoding/json reads to the same value, and the value
// encodes to a document Decode reads back the same. What Decode refuses and
// encoding/json reads is refused for a reason encoding/json does not check:
// a key given twice or in other letters, nesting past MaxDepth, text that is
// not UTF-8, a lone surrogate, a byte-order mark.
func FuzzDecodeAgainstEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"birth_date": "1990-04-12", "pregnant": true, "medications": ["a"], "k": 3}`,
		`{"pregnant": true, "Pregnant": false}`, `{"medicationſ": []}`, `{"\u212a": 1}`,
		`{"a": {"b": [1, 2.5, "x", null, true]}, "a": 1}`, nested(MaxDepth, "1"), nested(MaxDepth+1, "1"),
		"\ufeff{}", "{\"x\": \"\xff\"}", `"\ud800"`, `"\ud83d\ude00"`, `1e400`, `-0`, `[1,]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got any
		err := Decode(data, &got)
		var want any
		jerr := json.Unmarshal(data, &want)
		if err == nil {
			if jerr != nil {
				t.Fatalf("Decode accepted %q, encoding/json refused it: %v", data, jerr)
			}
			// reflect.DeepEqual first: cmp takes time exponential in the
			// depth of nested interfaces, and only writes the message here.
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("Decode(%q) differs from encoding/json (-want +got):\n%s", data, cmp.Diff(want, got))
			}
			again, merr := json.Marshal(got)
			if merr != nil {
				t.Fatalf("a decoded value does not encode: %v", merr)
			}
			var back any
			if err := Decode(again, &back); err != nil {
				t.Fatalf("Decode refused its own value's encoding %s: %v", again, err)
			}
			if !reflect.DeepEqual(got, back) {
				t.Fatalf("round trip changed the value (-want +got):\n%s", cmp.Diff(got, back))
			}
		} else if jerr == nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%q) = %v, not an *Error", data, err)
			}
			msg := err.Error()
			if !errors.Is(err, ErrDuplicateKey) && !errors.Is(err, ErrTooDeep) && !strings.Contains(msg, "UTF-8") &&
				!strings.Contains(msg, "surrogate") && !strings.Contains(msg, "byte-order mark") {
				t.Fatalf("Decode refused %q, which encoding/json reads, for no reason of its own: %v", data, err)
			}
		}
		// The typed decoder holds to the same: never a panic, always an *Error.
		var v intake
		if err := Decode(data, &v); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%q) into a struct = %v, not an *Error", data, err)
			}
		}
	})
}

func TestReadAllAllocatesLinearly(t *testing.T) {
	const size = 1 << 20
	data := strings.Repeat("x", size)
	for name, r := range map[string]func() io.Reader{
		"with a length": func() io.Reader { return strings.NewReader(data) },
		"without":       func() io.Reader { return struct{ io.Reader }{strings.NewReader(data)} },
		"one byte a read": func() io.Reader {
			return iotest.OneByteReader(strings.NewReader(data[:size/16]))
		},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		got, err := ReadAll(r(), size)
		runtime.ReadMemStats(&after)
		if err != nil || (len(got) != size && len(got) != size/16) {
			t.Errorf("%s: %d bytes, %v", name, len(got), err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3*size+1<<16 {
			t.Errorf("%s: %d bytes allocated to read %d", name, alloc, size)
		}
	}
	if _, err := ReadAll(strings.NewReader(data), size-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("one byte over: %v, want ErrTooLarge", err)
	}
	if _, err := ReadAll(iotest.ErrReader(io.ErrClosedPipe), size); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("a failing reader: %v, want its error", err)
	}
}
