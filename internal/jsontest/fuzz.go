package jsontest

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
)

// Type is one type a package's FuzzUnmarshal target reads, for FuzzSeeds
// and CheckInput.
type Type struct {
	// Sample returns a new pointer to a value of the type that is not its
	// zero value, the same each call: the receiver that a refused input
	// must leave as it was, and the seed's JSON.
	Sample func() any
	// Valid checks a decoded value (the pointer) as the type's own
	// constructor or validation would; nil when decoding checks all.
	Valid func(v any) error
	// Refusal says what is wrong with a decoder's error, "" when it is
	// the refusal the type promises (a *meso.FieldError naming a field).
	Refusal func(err error) string
	// Seeds are more documents for the type, besides its sample's JSON.
	Seeds []string
	// Unsaved, when not nil, reports whether an accepted value is one the
	// type documents as read but not written (a version 1 log, until its
	// caller names its zone): CheckInput then checks that encoding it
	// fails, and no more.
	Unsaved func(v any) bool
}

// FuzzSeeds returns the seeds of a FuzzUnmarshal target over types: each
// document is one byte, the type's index, then the input. For each type
// they are its sample's JSON, Seeds made from it (keys in other letters,
// nesting to maxDepth and past it) and the type's own Seeds.
func FuzzSeeds(types []Type, maxDepth int) ([][]byte, error) {
	var out [][]byte
	for i, ty := range types {
		doc, err := encode(ty.Sample())
		if err != nil {
			return nil, fmt.Errorf("type %d (%T): its sample does not encode: %v", i, ty.Sample(), err)
		}
		docs := [][]byte{doc}
		if len(doc) > 0 && doc[0] == '{' {
			docs = append(docs, Seeds(doc, maxDepth)...)
		}
		for _, s := range ty.Seeds {
			docs = append(docs, []byte(s))
		}
		for _, d := range docs {
			out = append(out, append([]byte{byte(i)}, d...))
		}
	}
	return out, nil
}

// encode writes v (a pointer) as its decoder reads it: its JSON, or for a
// type that reads itself from text, its text.
func encode(v any) ([]byte, error) {
	if _, ok := v.(json.Unmarshaler); !ok {
		if m, ok := v.(encoding.TextMarshaler); ok {
			return m.MarshalText()
		}
	}
	return json.Marshal(v)
}

// decodeInto calls v's UnmarshalJSON, or its UnmarshalText when it has no
// UnmarshalJSON, on data.
func decodeInto(v any, data []byte) error {
	switch u := v.(type) {
	case json.Unmarshaler:
		return u.UnmarshalJSON(data)
	case encoding.TextUnmarshaler:
		return u.UnmarshalText(data)
	}
	panic(fmt.Sprintf("jsontest: %T has neither UnmarshalJSON nor UnmarshalText", v))
}

// CheckInput checks one input of a FuzzUnmarshal target: its first byte
// picks one of types, the rest is given to that type's UnmarshalJSON (or
// UnmarshalText) twice, once into a new zero value and once into the
// type's sample. Nothing may panic; the two must agree. A refusal must be
// one Refusal accepts and must leave the sample as it was. An accepted
// value must pass Valid, encode, and decode from that encoding into a new
// value that diff finds no different.
func CheckInput(t T, types []Type, data []byte, diff func(want, got any) string) {
	t.Helper()
	if len(data) == 0 || len(types) == 0 {
		return
	}
	ty := types[int(data[0])%len(types)]
	data = data[1:]
	sample := ty.Sample()
	elem := reflect.TypeOf(sample).Elem()
	zero := reflect.New(elem).Interface()
	zeroErr := decodeInto(zero, data)
	err := decodeInto(sample, data)
	if (err == nil) != (zeroErr == nil) {
		t.Fatalf("%s: into a zero value: %v; into a sample: %v", elem, zeroErr, err)
	}
	if err != nil {
		if msg := ty.Refusal(err); msg != "" {
			t.Fatalf("%s refuses %q with %v (%T): %s", elem, data, err, err, msg)
		}
		if d := diff(ty.Sample(), sample); d != "" {
			t.Fatalf("%s refuses %q (%v) but changed its receiver (-was +now):\n%s", elem, data, err, d)
		}
		return
	}
	if d := diff(zero, sample); d != "" {
		t.Fatalf("%s reads %q into a zero value and into a sample differently (-zero +sample):\n%s", elem, data, d)
	}
	if ty.Valid != nil {
		if err := ty.Valid(sample); err != nil {
			t.Fatalf("%s accepts %q, which its own check refuses: %v", elem, data, err)
		}
	}
	again, err := encode(sample)
	if ty.Unsaved != nil && ty.Unsaved(sample) {
		if err == nil {
			t.Fatalf("%s accepts %q as a value it does not write, but writes it as %s", elem, data, short(again))
		}
		return
	}
	if err != nil {
		t.Fatalf("%s accepts %q, which does not encode again: %v", elem, data, err)
	}
	back := reflect.New(elem).Interface()
	if err := decodeInto(back, again); err != nil {
		t.Fatalf("%s accepts %q but refuses its own encoding %s: %v", elem, data, short(again), err)
	}
	if d := diff(sample, back); d != "" {
		t.Fatalf("%s read back from %s differs (-first +again):\n%s", elem, short(again), d)
	}
}
