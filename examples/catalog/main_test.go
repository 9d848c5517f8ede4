package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso/formulary"
)

func TestJSONIsTheLoadableCatalog(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-format", "json"}, &out, &errs); code != 0 || errs.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	got, err := formulary.Load(&out)
	if err != nil {
		t.Fatalf("the printed catalog does not load: %v", err)
	}
	if diff := cmp.Diff(formulary.Default().Preparations(), got.Preparations()); diff != "" {
		t.Errorf("printed preparations differ from the default (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(formulary.Default().Ingredients(), got.Ingredients()); diff != "" {
		t.Errorf("printed ingredients differ from the default (-want +got):\n%s", diff)
	}
}

func TestTextFitsEightyColumns(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(nil, &out, &errs); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs.String())
	}
	for i, line := range strings.Split(out.String(), "\n") {
		if n := utf8.RuneCountInString(line); n > 80 {
			t.Errorf("line %d is %d columns: %q", i+1, n, line)
		}
	}
	for _, p := range formulary.Default().Preparations() {
		if !strings.Contains(out.String(), p.ID) {
			t.Errorf("text output lacks preparation %s", p.ID)
		}
	}
	if !strings.Contains(out.String(), "ingredients: not stated by the sources") {
		t.Errorf("text output does not say that a branded product's composition is not stated")
	}
}

func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-bogus"}, 2, "-bogus"},
		{[]string{"-format", "xml"}, 2, `"xml"`},
		{[]string{"extra"}, 2, `"extra"`},
		{[]string{"-h"}, 0, "go run ./examples/catalog"},
	} {
		var out, errs bytes.Buffer
		code := run(tc.args, &out, &errs)
		if code != tc.code || out.Len() > 0 || !strings.Contains(errs.String(), tc.want) {
			t.Errorf("run(%q) = %d, stdout %d bytes, stderr %q; want %d, nothing on stdout, stderr naming %s", tc.args, code, out.Len(), errs.String(), tc.code, tc.want)
		}
		if code != 0 {
			continue // an error is one line, however long; the usage fits 80 columns
		}
		for i, line := range strings.Split(errs.String(), "\n") {
			if n := utf8.RuneCountInString(strings.ReplaceAll(line, "    \t", "        ")); n > 80 {
				t.Errorf("run(%q): stderr line %d is %d columns: %q", tc.args, i+1, n, line)
			}
		}
	}
}

// Any arguments: the catalog (exit 0) or bad input (exit 2, nothing on
// standard output); never a panic.
func FuzzArgs(f *testing.F) {
	f.Add("-format", "json")
	f.Add("-format", "xml")
	f.Add("-h", "")
	f.Add("--format=text", "extra")
	f.Fuzz(func(t *testing.T, a, b string) {
		var out, errs bytes.Buffer
		switch code := run([]string{a, b}, &out, &errs); code {
		case 0:
		case 2:
			if out.Len() > 0 {
				t.Fatalf("run(%q, %q) = 2 with output on stdout", a, b)
			}
		default:
			t.Fatalf("run(%q, %q) = %d", a, b, code)
		}
	})
}

// A flag error is one line with the program's name and the hint, or the
// JSON object with -format json; -h is the usage and exit 0.
func TestFlagErrorIsOneLine(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run([]string{"-bogus"}, &out, &errs); code != 2 || out.Len() > 0 ||
		errs.String() != "catalog: flag provided but not defined: -bogus; run with -h for usage\n" {
		t.Errorf("-bogus: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"-format", "json", "extra"}, &out, &errs); code != 2 || out.Len() > 0 ||
		errs.String() != `{"error":{"value":"extra","rule":"unexpected-argument","message":"unexpected argument \"extra\": every input is a flag; run with -h for usage"}}`+"\n" {
		t.Errorf("-format json extra: exit %d, stderr %q", code, errs.String())
	}
	errs.Reset()
	if code := run([]string{"-h"}, &out, &errs); code != 0 || out.Len() > 0 || !strings.HasPrefix(errs.String(), "Usage: catalog") {
		t.Errorf("-h: exit %d, stderr %q", code, errs.String())
	}
}
