package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The walkthrough runs and prints what the README says it does.
func Example() {
	walk()
	// Output:
	// screening: cleared
	// test injection: Mon 2027-03-01 10:00 CET then 10 sessions to Tue 2027-05-04 10:00 CEST
	// wash hair from: Fri 2027-03-05 10:45 CET
	// course: active 2 done, 8 to go
}

// The README shows exactly the walkthrough's code, so the README's code is
// compiled and run by this package's tests.
func TestREADMEShowsTheWalkthrough(t *testing.T) {
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "// walkthrough:begin\n")
	body, _, ok2 := strings.Cut(rest, "\t// walkthrough:end")
	if !ok || !ok2 {
		t.Fatal("main.go lacks the walkthrough markers")
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(line, "\t"))
	}
	want := "```go\n" + strings.Join(lines, "\n") + "\n```\n"
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not show the walkthrough of examples/walkthrough/main.go; it should contain:\n%s", want)
	}
	if n := len(lines); n > 25 {
		t.Errorf("the walkthrough is %d lines; keep it short enough to read at a glance", n)
	}
}

// The walkthrough takes -h and no other flag, as the other examples do:
// one line for a flag it does not take, the usage for -h.
func TestFlags(t *testing.T) {
	var errs bytes.Buffer
	if code := run([]string{"-v"}, &errs); code != 2 || errs.String() != "walkthrough: flag provided but not defined: -v; run with -h for usage\n" {
		t.Errorf("-v: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"-h"}, &errs); code != 0 || !strings.HasPrefix(errs.String(), "Usage: walkthrough") {
		t.Errorf("-h: exit %d, stderr %q", code, errs.String())
	}
}
