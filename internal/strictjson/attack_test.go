package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// TestAttackNumbersReadAsWritten: a number is read as the document writes
// it or refused. strconv.ParseFloat rounds a number too small for the type
// to zero without an error, so {"min": 1e-400} read as a minimum of 0, a
// value the document does not say; a number too large for the type was
// refused already. Both ends are now ErrType, out of range; zero written
// any way (0, -0, 0e400, 0.000e-999) is still zero.
func TestAttackNumbersReadAsWritten(t *testing.T) {
	type doc struct {
		F64 float64 `json:"f64"`
		F32 float32 `json:"f32"`
		I   int     `json:"i"`
		U   uint8   `json:"u"`
		Any any     `json:"any"`
	}
	for _, tc := range []struct {
		name, in string
		want     doc
		wantErr  bool
	}{
		{"underflow to zero, float64", `{"f64": 1e-400}`, doc{}, true},
		{"underflow to zero, negative", `{"f64": -2.5e-330}`, doc{}, true},
		{"underflow to zero, float32", `{"f32": 1e-50}`, doc{}, true},
		{"underflow to zero, into any", `{"any": 1e-400}`, doc{}, true},
		{"overflow, float64", `{"f64": 1e400}`, doc{}, true},
		{"overflow, float32", `{"f32": 1e39}`, doc{}, true},
		{"a subnormal is not zero", `{"f64": 5e-324}`, doc{F64: 5e-324}, false},
		{"zero with a huge exponent", `{"f64": 0e400, "f32": 0.000e-999}`, doc{}, false},
		{"minus zero into a float", `{"f64": -0}`, doc{F64: math.Copysign(0, -1)}, false},
		{"minus zero into an int", `{"i": -0}`, doc{}, false},
		{"minus zero into a uint", `{"u": -0}`, doc{}, true},
		{"1e2 into an int", `{"i": 1e2}`, doc{}, true},
		{"100.0 into an int", `{"i": 100.0}`, doc{}, true},
		{"past the int's range", `{"u": 256}`, doc{}, true},
		{"a leading zero", `{"i": 01}`, doc{}, true},
		{"a plus sign", `{"i": +1}`, doc{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got doc
			err := Decode([]byte(tc.in), &got)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Decode(%s) = %+v, want an error", tc.in, got)
				}
				var e *Error
				if !errors.As(err, &e) || !(errors.Is(err, ErrType) || errors.Is(err, ErrSyntax)) {
					t.Errorf("Decode(%s) = %v, want an *Error wrapping ErrType or ErrSyntax", tc.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode(%s) = %v, want %+v", tc.in, err, tc.want)
			}
			if got != tc.want || math.Signbit(got.F64) != math.Signbit(tc.want.F64) {
				t.Errorf("Decode(%s) = %+v, want %+v", tc.in, got, tc.want)
			}
		})
	}
}

// TestAttackInstantsAsRFC3339Writes: an instant is read only as RFC 3339
// writes it. time.Parse, past its fast path, reads a one-digit hour
// ("T1:00:00Z"), a comma for the decimal point ("00,5Z") and a fraction
// of any length, cut to nanoseconds: two events at .9999999995 and
// .9999999991, the second written before the first, read as the same
// instant, and an out-of-order log as one in order. Now the hour is two
// digits, the fraction follows a '.' with 1 to 9 digits, and the rest is
// refused as ErrType.
func TestAttackInstantsAsRFC3339Writes(t *testing.T) {
	type event struct {
		At time.Time `json:"at"`
	}
	for _, tc := range []struct {
		in   string
		want string // the instant read, in RFC 3339 with nanoseconds; "" for refused
	}{
		{"2027-03-01T10:00:00Z", "2027-03-01T10:00:00Z"},
		{"2027-03-01T10:00:00.5+01:00", "2027-03-01T10:00:00.5+01:00"},
		{"2027-03-01T10:00:00.123456789-12:00", "2027-03-01T10:00:00.123456789-12:00"},
		{"2028-02-29T23:59:59+14:00", "2028-02-29T23:59:59+14:00"},
		{"2027-03-01T1:00:00Z", ""},
		{"2027-03-01T10:00:00,5Z", ""},
		{"2027-03-01T10:00:00.9999999995Z", ""},
		{"2027-03-01T10:00:00.Z", ""},
		{"2027-03-01T10:00:00+0100", ""},
		{"2027-03-01 10:00:00Z", ""},
		{"2027-02-29T10:00:00Z", ""},
		{"2027-03-01T24:00:00Z", ""},
		{"+2027-03-01T10:00:00Z", ""},
		{"2027-03-01T10:00:00\u00a0Z", ""},
	} {
		var e event
		err := Decode([]byte(`{"at": "`+tc.in+`"}`), &e)
		switch {
		case tc.want == "" && !errors.Is(err, ErrType):
			t.Errorf("Decode(%q) = %v, %v; want ErrType", tc.in, e.At, err)
		case tc.want != "" && err != nil:
			t.Errorf("Decode(%q) = %v; want %s", tc.in, err, tc.want)
		case tc.want != "" && e.At.Format(time.RFC3339Nano) != tc.want:
			t.Errorf("Decode(%q) = %s; want %s", tc.in, e.At.Format(time.RFC3339Nano), tc.want)
		}
	}
}

// level is a text value, as meso's enumerations are.
type level uint8

func (l *level) UnmarshalText(text []byte) error {
	switch string(text) {
	case "low":
		*l = 1
	case "high":
		*l = 2
	default:
		return errors.New("unknown level")
	}
	return nil
}

// nullable reads null itself, as screening.Result and schedule.Protocol do.
type nullable struct{ null bool }

func (n *nullable) UnmarshalJSON(data []byte) error {
	n.null = string(data) == "null"
	return nil
}

// TestAttackNullIsNoValue: null is a value only of what can be nil (a
// pointer, a slice, a map, an interface) and of a json.Unmarshaler, which
// reads it itself. Decode left every other Go value as it was, as
// encoding/json does, so a document's null read as false, 0, "" or the zero
// instant: {"days": null} in an aftercare policy's instruction as a lead of
// 0 days, {"sessions": null} in a course log as the protocol's default
// count, and the document null as an empty catalog. It is now ErrType,
// saying it got null, at its path.
func TestAttackNullIsNoValue(t *testing.T) {
	type doc struct {
		Bool    bool            `json:"bool"`
		Int     int             `json:"int"`
		Uint    uint            `json:"uint"`
		Float   float64         `json:"float"`
		String  string          `json:"string"`
		Struct  struct{}        `json:"struct"`
		At      time.Time       `json:"at"`
		Level   level           `json:"level"`
		Ptr     *int            `json:"ptr"`
		Slice   []int           `json:"slice"`
		Map     map[string]int  `json:"map"`
		Any     any             `json:"any"`
		Raw     json.RawMessage `json:"raw"`
		Reads   nullable        `json:"reads"`
		PtrNull *bool           `json:"ptr_null"`
	}
	for _, tc := range []struct {
		key     string
		refused bool
	}{
		{"bool", true}, {"int", true}, {"uint", true}, {"float", true}, {"string", true},
		{"struct", true}, {"at", true}, {"level", true},
		{"ptr", false}, {"slice", false}, {"map", false}, {"any", false}, {"raw", false}, {"reads", false},
	} {
		t.Run(tc.key, func(t *testing.T) {
			one := 1
			got := doc{Bool: true, Int: 1, Ptr: &one, Slice: []int{1}, Map: map[string]int{"a": 1}, Any: 1.0}
			err := Decode([]byte(`{"`+tc.key+`": null}`), &got)
			var e *Error
			switch {
			case tc.refused && (!errors.As(err, &e) || !errors.Is(err, ErrType) || e.Path != tc.key):
				t.Fatalf("Decode(null into %s) = %v, want ErrType at %s", tc.key, err, tc.key)
			case tc.refused && !strings.Contains(err.Error(), "got null"):
				t.Errorf("the error %q does not say it got null", err)
			case !tc.refused && err != nil:
				t.Fatalf("Decode(null into %s) = %v, want nil", tc.key, err)
			}
		})
	}
	var got doc
	if err := Decode([]byte(`{"ptr": null, "slice": null, "map": null, "any": null, "raw": null, "reads": null}`), &got); err != nil ||
		got.Ptr != nil || got.Slice != nil || got.Map != nil || got.Any != nil || string(got.Raw) != "null" || !got.Reads.null {
		t.Errorf("null into what can hold it: %+v, %v", got, err)
	}
	for _, in := range []string{`null`, ` null `, `{"bool": nul}`, `{"int": nulll}`} {
		var d doc
		if err := Decode([]byte(in), &d); !errors.Is(err, ErrType) && !errors.Is(err, ErrSyntax) {
			t.Errorf("Decode(%s) into a struct = %v, want ErrType or ErrSyntax", in, err)
		}
	}
}

// lenReader is a reader that tells a length of its own, true or not.
type lenReader struct {
	r   *strings.Reader
	len int
}

func (l lenReader) Read(p []byte) (int, error) { return l.r.Read(p) }
func (l lenReader) Len() int                   { return l.len }

// TestAttackReadAllLength: ReadAll sized its buffer by the reader's Len,
// and a reader that told a negative length made it panic (make with a
// negative capacity), through DecodeLog or DecodeIntake. A length that
// cannot be one is ignored; what the reader holds is read either way, up
// to the limit.
func TestAttackReadAllLength(t *testing.T) {
	for _, tc := range []struct {
		name    string
		len     int
		data    string
		limit   int64
		wantErr error
	}{
		{"a true length", 7, `{"a":1}`, 100, nil},
		{"a negative length", -5, `{"a":1}`, 100, nil},
		{"the most negative length", math.MinInt, `{"a":1}`, 100, nil},
		{"a length past the limit", 1 << 40, `{"a":1}`, 100, nil},
		{"the largest length", math.MaxInt, `{"a":1}`, 100, nil},
		{"a length short of the data", 1, strings.Repeat(" ", 200), 100, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := func() (b []byte, err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				return ReadAll(lenReader{strings.NewReader(tc.data), tc.len}, tc.limit)
			}()
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("ReadAll = %v, want %v", err, tc.wantErr)
			case tc.wantErr == nil && (err != nil || string(got) != tc.data):
				t.Errorf("ReadAll = %q, %v; want %q", got, err, tc.data)
			}
		})
	}
}
