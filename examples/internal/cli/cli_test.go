package cli

import (
	"bytes"
	"flag"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/mesokit/meso"
)

// Wrap keeps every word, in order, and breaks lines only between words: a
// line is over Width only when it is one word that is.
func TestWrap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		words := rapid.SliceOfN(rapid.StringMatching(`[a-zé–]{1,90}`), 0, 40).Draw(t, "words")
		indent := rapid.SampledFrom([]string{"", "    "}).Draw(t, "indent")
		var b bytes.Buffer
		Wrap(&b, indent, strings.Join(words, " "))
		var got []string
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			if line == "" && len(words) == 0 {
				continue
			}
			if !strings.HasPrefix(line, indent) {
				t.Fatalf("line %q lacks the indent %q", line, indent)
			}
			fields := strings.Fields(line)
			if utf8.RuneCountInString(line) > Width && len(fields) > 1 {
				t.Fatalf("line of %d columns holds %d words: %q", utf8.RuneCountInString(line), len(fields), line)
			}
			got = append(got, fields...)
		}
		if strings.Join(got, " ") != strings.Join(words, " ") {
			t.Fatalf("words changed: got %q, want %q", got, words)
		}
	})
}

func TestParseAndChoice(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		ok   bool
	}{
		{nil, OK, true},
		{[]string{"-format", "json"}, OK, true},
		{[]string{"-format", "xml"}, BadInput, false},
		{[]string{"-nope"}, BadInput, false},
		{[]string{"stray"}, BadInput, false},
		{[]string{"-h"}, OK, false},
	} {
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		format := NewChoice("text", "text", "json")
		fs.Var(format, "format", "")
		if code, ok := Parse(fs, tc.args); code != tc.code || ok != tc.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tc.args, code, ok, tc.code, tc.ok)
		}
	}
}

func TestTags(t *testing.T) {
	if got := Tags(append(meso.Sources(), "clinic leaflet")); got != "S0,S1,S2,S3,S4,clinic leaflet" {
		t.Errorf("Tags = %q", got)
	}
	var b bytes.Buffer
	Legend(&b)
	for _, line := range strings.Split(b.String(), "\n") {
		if utf8.RuneCountInString(line) > Width {
			t.Errorf("legend line over %d columns: %q", Width, line)
		}
	}
}
