package enum

import (
	"errors"
	"testing"

	"pgregory.net/rapid"
)

type colour uint8

var errUnknown = errors.New("unknown")

var (
	colours  = &Table{Type: "colour", What: "colour", Names: []string{1: "red", 2: "green"}, Unknown: errUnknown}
	optional = &Table{Type: "shade", What: "shade", Names: []string{1: "light", 2: "dark"}, EmptyZero: true, Unknown: errUnknown}
)

func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		table := rapid.SampledFrom([]*Table{colours, optional}).Draw(t, "table")
		v := colour(rapid.IntRange(0, 3).Draw(t, "v"))
		named := v == 1 || v == 2 || (v == 0 && table.EmptyZero)
		text, err := Marshal(table, v)
		if !named {
			if err == nil {
				t.Fatalf("Marshal(%s, %d) = %q, want an error", table.Type, v, text)
			}
			if want := table.Type + "(" + string(rune('0'+v)) + ")"; String(table, v) != want {
				t.Fatalf("String(%d) = %q, want %q", v, String(table, v), want)
			}
			return
		}
		if err != nil {
			t.Fatalf("Marshal(%s, %d): %v", table.Type, v, err)
		}
		back := colour(2)
		if err := Unmarshal(table, text, &back); err != nil || back != v {
			t.Fatalf("Unmarshal(%q) = %d, %v; want %d", text, back, err, v)
		}
		if String(table, v) != string(text) {
			t.Fatalf("String(%d) = %q, want %q", v, String(table, v), text)
		}
	})
}

func TestUnknownNames(t *testing.T) {
	v := colour(1)
	err := Unmarshal(colours, []byte("blue"), &v)
	if !errors.Is(err, errUnknown) || v != 1 {
		t.Errorf("Unmarshal(blue) = %d, %v; want errUnknown and the value unchanged", v, err)
	}
	if want := `unknown colour "blue" (want red or green)`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	if err := Unmarshal(colours, nil, &v); err == nil {
		t.Errorf("empty text for a table without EmptyZero: want an error")
	}
	if err := Unmarshal(optional, nil, &v); err != nil || v != 0 {
		t.Errorf("empty text with EmptyZero = %d, %v; want 0", v, err)
	}
	if got, want := optional.Mismatch().Error(), `unknown shade (want light, dark or "" (not stated))`; got != want {
		t.Errorf("Mismatch() = %q, want %q", got, want)
	}
}
