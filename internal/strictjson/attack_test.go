package strictjson

import (
	"errors"
	"math"
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
