package main

import (
	"strings"
	"testing"
)

func TestParseTakesMedians(t *testing.T) {
	in := `goos: linux
BenchmarkExpand/weekly/meso-slice     	  100	  900 ns/op	  896 B/op	  1 allocs/op
BenchmarkExpand/weekly/meso-slice     	  100	  700 ns/op	  896 B/op	  1 allocs/op
BenchmarkExpand/weekly/meso-slice     	  100	  800 ns/op	  896 B/op	  1 allocs/op
BenchmarkLifeOfACourse/meso-apply-2   	 1000	 5000 ns/op	  240.5 ns/event
PASS`
	res, order := parse(strings.NewReader(in))
	if got := res["Expand/weekly/meso-slice"]["ns/op"]; got != 800 {
		t.Errorf("median ns/op = %v, want 800", got)
	}
	if got := res["LifeOfACourse/meso-apply"]["ns/event"]; got != 240.5 {
		t.Errorf("ns/event of a -2 run = %v, want 240.5 (the -N suffix stripped)", got)
	}
	if len(order) != 2 {
		t.Errorf("order = %v, want the two benchmarks", order)
	}
}
