package benchmarks

import (
	"testing"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/mesokit/meso"

	"github.com/mesokit/meso/course/clinic"
	"github.com/mesokit/meso/course/schedule"
)

// The expansion cases: 15 sessions from 1 March 2027 at 10:00 in Berlin,
// across the clocks' change on 28 March, in a calendar with nothing closed,
// so that every library produces the same 15 instants.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

var (
	first   = date(2027, time.March, 1)
	dtstart = time.Date(2027, time.March, 1, 10, 0, 0, 0, berlin)
)

func date(y int, m time.Month, d int) meso.Date {
	day, err := meso.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return day
}

type expansion struct {
	name     string
	protocol string        // meso's protocol with this preferred gap
	days     int           // the gap, for the AddDate loop
	rule     rrule.ROption // rrule-go's rule
}

var expansions = []expansion{
	// FREQ=WEEKLY;COUNT=15 and meso's weekly protocol.
	{"weekly", schedule.Weekly, 7, rrule.ROption{Freq: rrule.WEEKLY, Count: 15, Dtstart: dtstart}},
	// FREQ=DAILY;INTERVAL=3;COUNT=15 and meso's twice-weekly protocol,
	// whose preferred gap is 3 days.
	{"every-3-days", schedule.TwiceWeekly, 3, rrule.ROption{Freq: rrule.DAILY, Interval: 3, Count: 15, Dtstart: dtstart}},
}

func calendar(b testing.TB) clinic.Calendar {
	cal, err := clinic.NewCalendar(berlin, 10, 0, 0)
	if err != nil {
		b.Fatal(err)
	}
	return cal
}

// The three produce the same instants: the comparison is of equal work.
func TestExpansionsAgree(t *testing.T) {
	for _, x := range expansions {
		p, _ := schedule.Lookup(x.protocol)
		appts, err := p.Expand(first, 15, calendar(t))
		if err != nil {
			t.Fatal(err)
		}
		r, err := rrule.NewRRule(x.rule)
		if err != nil {
			t.Fatal(err)
		}
		peer := r.All()
		floor := addDates(x.days)
		if len(appts) != 15 || len(peer) != 15 {
			t.Fatalf("%s: %d and %d instants, want 15", x.name, len(appts), len(peer))
		}
		for i := range appts {
			if !appts[i].Start.Equal(peer[i]) || !appts[i].Start.Equal(floor[i]) {
				t.Errorf("%s #%d: meso %v, rrule-go %v, AddDate %v", x.name, i+1, appts[i].Start, peer[i], floor[i])
			}
		}
	}
}

// addDates is the floor: 15 instants by AddDate, nothing checked.
func addDates(days int) []time.Time {
	out := make([]time.Time, 15)
	for i := range out {
		out[i] = dtstart.AddDate(0, 0, days*i)
	}
	return out
}

func BenchmarkExpand(b *testing.B) {
	for _, x := range expansions {
		p, _ := schedule.Lookup(x.protocol)
		cal := calendar(b)
		b.Run(x.name+"/meso-slice", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if appts, err := p.Expand(first, 15, cal); err != nil || len(appts) != 15 {
					b.Fatal(err)
				}
			}
		})
		b.Run(x.name+"/meso-iter", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for _, err := range p.ExpandSeq(first, 15, cal) {
					if err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != 15 {
					b.Fatal(n)
				}
			}
		})
		b.Run(x.name+"/rrule-go", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := rrule.NewRRule(x.rule)
				if err != nil {
					b.Fatal(err)
				}
				if all := r.All(); len(all) != 15 {
					b.Fatal(len(all))
				}
			}
		})
		b.Run(x.name+"/adddate-floor", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if out := addDates(x.days); len(out) != 15 {
					b.Fatal(len(out))
				}
			}
		})
	}
}
