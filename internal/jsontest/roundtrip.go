package jsontest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// Sample is one value of an exported type for RoundTrip, with the name the
// type has in its package's documentation.
type Sample struct {
	Type  string // as in "Calendar"
	Value any    // a value of the type, not its zero value; a pointer when the type's methods take one
	// Refuses says that json.Marshal must refuse the value with an error:
	// the type has no JSON form (an error, a query's answer) and says so
	// rather than writing "{}".
	Refuses bool
}

// T is what CheckValue needs of a test: *testing.T and rapid's *rapid.T
// both have it, so that a property can check the values it draws.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// CheckValue checks one value: that json.Marshal refuses it, with an error
// that wraps errors.ErrUnsupported, when refuses is set; and otherwise that
// decode reads its JSON back into a new value of its type that diff finds
// no different.
func CheckValue(t T, v any, refuses bool, decode func(data []byte, v any) error, diff func(want, got any) string) {
	t.Helper()
	data, err := json.Marshal(v)
	if refuses {
		switch {
		case err == nil:
			t.Fatalf("json.Marshal(%T) = %s, want an error: the type has no JSON form", v, short(data))
		case !errors.Is(err, errors.ErrUnsupported):
			t.Errorf("json.Marshal(%T) refuses with %v, which does not wrap errors.ErrUnsupported", v, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("json.Marshal(%T): %v", v, err)
	}
	typ := reflect.TypeOf(v)
	got := reflect.New(typ)
	if typ.Kind() == reflect.Pointer {
		got = reflect.New(typ.Elem())
	}
	if err := decode(data, got.Interface()); err != nil {
		t.Fatalf("decoding %T's own JSON %s: %v", v, short(data), err)
	}
	back := got.Interface()
	if typ.Kind() != reflect.Pointer {
		back = got.Elem().Interface()
	}
	if d := diff(v, back); d != "" {
		t.Errorf("%T read back from %s differs (-want +got):\n%s", v, short(data), d)
	}
}

// RoundTrip checks each sample: that json.Marshal refuses it when
// Refuses is set, and otherwise that it marshals to a JSON form other than
// its type's zero value's, that decode reads that form back into a new value
// of the type, and that diff finds no difference between the two. decode is
// the package's own strict decoder (internal/strictjson.Decode, or a
// type's Decode function); diff is cmp.Diff with the options the type needs,
// so that this package imports only the standard library.
//
// It is how each public package shows that none of its exported types
// marshals to "{}" silently: a type either saves and loads as itself or
// refuses to be saved.
func RoundTrip(t *testing.T, samples []Sample, decode func(data []byte, v any) error, diff func(want, got any) string) {
	t.Helper()
	for _, s := range samples {
		t.Run(s.Type, func(t *testing.T) {
			if !s.Refuses {
				elem := reflect.TypeOf(s.Value)
				if elem.Kind() == reflect.Pointer {
					elem = elem.Elem()
				}
				data, err := json.Marshal(s.Value)
				if zero, zerr := json.Marshal(reflect.New(elem).Interface()); err == nil && zerr == nil && bytes.Equal(zero, data) {
					t.Fatalf("json.Marshal(%s) = %s, the same as its zero value's: the sample is zero, or the type does not write what it holds", s.Type, short(data))
				}
			}
			CheckValue(t, s.Value, s.Refuses, decode, diff)
		})
	}
}

// short returns data, cut to a length a failure message can show.
func short(data []byte) string {
	const n = 200
	if len(data) <= n {
		return string(data)
	}
	return string(data[:n]) + "…"
}
