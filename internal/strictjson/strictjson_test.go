package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

type entry struct {
	ID   string   `json:"id"`
	Tags []string `json:"tags"`
	N    int      `json:"n"`
}

type doc struct {
	Entries []entry        `json:"entries"`
	Meta    map[string]int `json:"meta"`
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name, in, path string
		want           error
	}{
		{"duplicate top key", `{"entries": [], "entries": []}`, "entries", ErrDuplicateKey},
		{"duplicate nested key", `{"entries": [{"id": "a"}, {"id": "b", "n": 1, "id": "c"}]}`, "entries[1].id", ErrDuplicateKey},
		{"duplicate map key", `{"meta": {"x": 1, "x": 2}}`, "meta.x", ErrDuplicateKey},
		{"trailing value", `{"entries": []} {}`, "", ErrTrailingData},
		{"trailing garbage", `{"entries": []} x`, "", nil},
		{"truncated", `{"entries": [`, "entries[0]", ErrSyntax},
		{"empty", ``, "", ErrSyntax},
		{"not JSON", `entries`, "", ErrSyntax},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			err := Decode([]byte(tc.in), &d)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode(%s) = %v, want an *Error", tc.in, err)
			}
			if e.Path != tc.path {
				t.Errorf("path = %q, want %q (error %v)", e.Path, tc.path, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %v, want it to wrap %v", err, tc.want)
			}
		})
	}
}

func TestDecodeUnknownFieldAndType(t *testing.T) {
	var e entry
	err := Decode([]byte(`{"id": "a", "colour": "red"}`), &e)
	var se *Error
	if !errors.As(err, &se) || se.Path != "colour" || !errors.Is(err, ErrUnknownField) {
		t.Errorf("unknown field: error %v, want ErrUnknownField at path colour", err)
	}
	err = Decode([]byte(`{"id": "a", "n": "seven"}`), &e)
	if !errors.As(err, &se) || se.Path != "n" {
		t.Errorf("wrong type: error %v, want one at path n", err)
	}
}

func TestReadAll(t *testing.T) {
	if _, err := ReadAll(strings.NewReader("12345"), 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("5 bytes with limit 4: error %v, want ErrTooLarge", err)
	}
	if got, err := ReadAll(strings.NewReader("1234"), 4); err != nil || string(got) != "1234" {
		t.Errorf("4 bytes with limit 4 = %q, %v; want all of it", got, err)
	}
}

// Any document without repeated keys decodes to what encoding/json would
// produce, so strictness never changes a valid document's meaning.
func TestDecodeAcceptsWhatItEncodes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		want := doc{
			Entries: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) entry {
				return entry{ID: rapid.String().Draw(t, "id"), Tags: rapid.SliceOfN(rapid.String(), 1, 3).Draw(t, "tags"), N: rapid.Int().Draw(t, "n")}
			}), 1, 5).Draw(t, "entries"),
			Meta: rapid.MapOfN(rapid.StringN(1, 8, -1), rapid.Int(), 1, 4).Draw(t, "meta"),
		}
		data := mustMarshal(t, want)
		var got doc
		if err := Decode(data, &got); err != nil {
			t.Fatalf("Decode(%s): %v", data, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"entries": [{"id": "a", "tags": ["x"]}]}`, `{"meta": {"a": 1, "a": 2}}`, `[`, `{"entries": []} 1`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		err := Decode(data, &d)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Decode(%q) = %v, want nil or an *Error", data, err)
		}
	})
}

func mustMarshal(t *rapid.T, v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	return data
}
