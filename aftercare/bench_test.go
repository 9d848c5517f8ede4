package aftercare

import (
	"testing"
	"time"
)

// The aftercare windows of a 15-session course: the project's target is
// under 5 µs.
func BenchmarkCourseWindows15(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/Berlin")
	sessions := make([]time.Time, 15)
	for i := range sessions {
		sessions[i] = time.Date(2027, 1, 4+7*i, 10, 0, 0, 0, loc)
	}
	p := DefaultPolicy()
	b.ReportAllocs()
	for b.Loop() {
		r := p.Course(sessions...)
		if len(r.spans) == 0 {
			b.Fatal("no windows")
		}
	}
}

func BenchmarkAppendWindows(b *testing.B) {
	session := time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC)
	p := DefaultPolicy()
	buf := make([]Window, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		buf = p.AppendWindows(buf[:0], session)
	}
}

func BenchmarkAllowed(b *testing.B) {
	sessions := make([]time.Time, 15)
	for i := range sessions {
		sessions[i] = time.Date(2027, 1, 4+7*i, 10, 0, 0, 0, time.UTC)
	}
	r := DefaultPolicy().Course(sessions...)
	at := sessions[7].Add(30 * time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		if r.Allowed(WashHair, at) {
			b.Fatal("allowed inside a window")
		}
	}
}
