package meso

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// The zero value of every exported type either works or is refused with an
// error; none panics.
func TestZeroValues(t *testing.T) {
	// The zero Date is no date: it says so, writes as empty text, reads
	// back from it, stays zero under arithmetic and is no instant.
	var d Date
	if !d.IsZero() || d.String() != "" || !d.AddDays(1).IsZero() || !d.AddMonths(1).IsZero() {
		t.Errorf("Date{} is not the zero Date: %q", d.String())
	}
	if !d.At(10, 0, time.UTC).IsZero() {
		t.Errorf("Date{}.At = %v, want the zero instant", d.At(10, 0, time.UTC))
	}
	if day, _ := NewDate(2027, time.March, 1); !day.At(10, 0, nil).IsZero() {
		t.Errorf("At with a nil location = %v, want the zero instant", day.At(10, 0, nil))
	}
	if data, err := json.Marshal(d); err != nil || string(data) != `""` {
		t.Errorf("json.Marshal(Date{}) = %s, %v; want \"\"", data, err)
	}
	back, _ := NewDate(2027, time.March, 1)
	if err := json.Unmarshal([]byte(`""`), &back); err != nil || !back.IsZero() {
		t.Errorf(`Date from "" = %v, %v; want the zero Date`, back, err)
	}
	if d.Compare(back) != 0 || d.Before(back) || d.After(back) {
		t.Errorf("the zero Date does not compare equal to itself")
	}

	// The zero DateRange is no range: Check refuses it, it holds no day.
	var r DateRange
	if err := r.Check(); !errors.Is(err, ErrMissing) {
		t.Errorf("DateRange{}.Check() = %v, want ErrMissing", err)
	}
	if r.Days() != 0 || r.Contains(Date{}) || r.String() != ".." {
		t.Errorf("DateRange{}: %d days, contains the zero Date %v, %q", r.Days(), r.Contains(Date{}), r.String())
	}

	// The zero FieldError is an error without a reason: it says "invalid",
	// wraps nothing, and refuses to be marshalled like any other.
	var fe FieldError
	if fe.Error() != "invalid" || fe.Unwrap() != nil {
		t.Errorf("FieldError{}: %q, unwraps to %v", fe.Error(), fe.Unwrap())
	}
	if _, err := json.Marshal(fe); err == nil {
		t.Errorf("json.Marshal(FieldError{}) succeeded, want a refusal")
	}

	// The zero ErrorReport is the report of no error.
	var er ErrorReport
	if er != ReportError(nil) {
		t.Errorf("ErrorReport{} = %+v, want ReportError(nil)", er)
	}
	if data, err := json.Marshal(er); err != nil || string(data) != `{"field":"","value":"","rule":"","message":""}` {
		t.Errorf("json.Marshal(ErrorReport{}) = %s, %v", data, err)
	}
}
