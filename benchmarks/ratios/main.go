// Command ratios reads the output of go test -bench for this module (several
// runs of each benchmark, as -count gives) and prints, from the medians, how
// meso compares with its peers and with the targets meso sets itself:
//
//	expansion: at least 5× faster than rrule-go, within 2× of an AddDate loop,
//	           at most 1 allocation through the slice API and 0 through the iterator;
//	state machine: at least 3× faster per event than stateless and looplab/fsm;
//	screening a typical intake under 2 µs; a course's aftercare under 5 µs;
//	planning courses: the same cost per course at 10k and 100k (linear).
//
//	go test -run '^$' -bench . -benchmem -count 5 -cpu 1 . | go run ./ratios
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result is the medians of one benchmark's runs, by unit ("ns/op", …).
type result map[string]float64

// line is a benchmark's result line. A name ends in -N when the run had
// GOMAXPROCS N; this module's names never end in digits, so that a -N suffix
// is always that.
var line = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// parse reads benchmark lines and returns each benchmark's median per unit.
func parse(r io.Reader) (map[string]result, []string) {
	samples := map[string]map[string][]float64{}
	var order []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		name := strings.TrimPrefix(m[1], "Benchmark")
		if samples[name] == nil {
			samples[name] = map[string][]float64{}
			order = append(order, name)
		}
		fields := strings.Fields(m[2])
		for i := 0; i+1 < len(fields); i += 2 {
			if v, err := strconv.ParseFloat(fields[i], 64); err == nil {
				samples[name][fields[i+1]] = append(samples[name][fields[i+1]], v)
			}
		}
	}
	out := map[string]result{}
	for name, units := range samples {
		out[name] = result{}
		for unit, vs := range units {
			slices.Sort(vs)
			out[name][unit] = vs[len(vs)/2]
		}
	}
	return out, order
}

type check struct {
	what string
	got  float64
	ok   bool
	want string
}

func main() {
	res, _ := parse(os.Stdin)
	get := func(name, unit string) (float64, bool) {
		r, ok := res[name]
		if !ok {
			return 0, false
		}
		v, ok := r[unit]
		return v, ok
	}
	var checks []check
	add := func(what string, got float64, ok bool, want string) {
		checks = append(checks, check{what, got, ok, want})
	}
	for _, x := range []string{"weekly", "every-3-days"} {
		slice, ok1 := get("Expand/"+x+"/meso-slice", "ns/op")
		iter, ok2 := get("Expand/"+x+"/meso-iter", "ns/op")
		peer, ok3 := get("Expand/"+x+"/rrule-go", "ns/op")
		floor, ok4 := get("Expand/"+x+"/adddate-floor", "ns/op")
		if !(ok1 && ok2 && ok3 && ok4) {
			continue
		}
		fmt.Printf("expansion %-13s meso slice %7.0f ns, iterator %7.0f ns, rrule-go %7.0f ns, AddDate loop %7.0f ns\n", x, slice, iter, peer, floor)
		add(x+": rrule-go / meso slice", peer/slice, peer/slice >= 5, "≥ 5×")
		add(x+": meso slice / AddDate loop", slice/floor, slice/floor <= 2, "≤ 2×")
		add(x+": meso iterator / AddDate loop", iter/floor, iter/floor <= 2, "≤ 2×")
		a, _ := get("Expand/"+x+"/meso-slice", "allocs/op")
		add(x+": allocations, slice", a, a <= 1, "≤ 1")
		a, _ = get("Expand/"+x+"/meso-iter", "allocs/op")
		add(x+": allocations, iterator", a, a == 0, "0")
	}
	if meso, ok := get("LifeOfACourse/meso-apply", "ns/event"); ok {
		for _, peer := range []string{"qmuntal-stateless", "looplab-fsm"} {
			if v, ok := get("LifeOfACourse/"+peer, "ns/event"); ok {
				fmt.Printf("state machine: meso %5.0f ns/event, %s %5.0f ns/event\n", meso, peer, v)
				add("state machine: "+peer+" / meso Apply", v/meso, v/meso >= 3, "≥ 3×")
			}
		}
	}
	if v, ok := get("Screen/typical-intake", "ns/op"); ok {
		a, _ := get("Screen/typical-intake", "allocs/op")
		add("screening a typical intake, ns", v, v < 2000, "< 2000")
		add("screening a typical intake, allocations", a, a <= 8, "≤ 8")
	}
	if v, ok := get("Aftercare/15-sessions", "ns/op"); ok {
		add("aftercare of a 15-session course, ns", v, v < 5000, "< 5000")
	}
	small, ok1 := get("PlanCourses/10k", "ns/course")
	large, ok2 := get("PlanCourses/100k", "ns/course")
	if ok1 && ok2 {
		cps, _ := get("PlanCourses/100k", "courses/s")
		b, _ := get("PlanCourses/100k", "B/op")
		fmt.Printf("planning courses: %.0f courses/s on one core, %.0f bytes per course (100k)\n", cps, b/100_000)
		add("planning: ns per course at 100k / at 10k", large/small, large/small <= 1.2, "≤ 1.2 (linear)")
	}
	fmt.Println()
	missed := 0
	for _, c := range checks {
		mark := "met"
		if !c.ok {
			mark, missed = "NOT MET", missed+1
		}
		fmt.Printf("%-48s %8.2f  target %-14s %s\n", c.what, c.got, c.want, mark)
	}
	if len(checks) == 0 {
		fmt.Println("no benchmark results on standard input")
		os.Exit(2)
	}
	fmt.Printf("\n%d of %d targets met\n", len(checks)-missed, len(checks))
}
