package jsontest

import (
	"bytes"
	"encoding/json"
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
			data, err := json.Marshal(s.Value)
			if s.Refuses {
				if err == nil {
					t.Fatalf("json.Marshal(%s) = %s, want an error: the type has no JSON form", s.Type, short(data))
				}
				return
			}
			if err != nil {
				t.Fatalf("json.Marshal(%s): %v", s.Type, err)
			}
			typ := reflect.TypeOf(s.Value)
			elem := typ
			if typ.Kind() == reflect.Pointer {
				elem = typ.Elem()
			}
			if zero, err := json.Marshal(reflect.New(elem).Interface()); err == nil && bytes.Equal(zero, data) {
				t.Fatalf("json.Marshal(%s) = %s, the same as its zero value's: the sample is zero, or the type does not write what it holds", s.Type, short(data))
			}
			got := reflect.New(elem)
			if err := decode(data, got.Interface()); err != nil {
				t.Fatalf("decoding %s's own JSON %s: %v", s.Type, short(data), err)
			}
			back := got.Interface()
			if typ.Kind() != reflect.Pointer {
				back = got.Elem().Interface()
			}
			if d := diff(s.Value, back); d != "" {
				t.Errorf("%s read back from %s differs (-want +got):\n%s", s.Type, short(data), d)
			}
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
