package schedule

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/mesokit/meso"
)

// The protocol lists of the package comment and the README name every
// protocol with the sources of its table, by their tags S0 to S4.
func TestProtocolListsMatchTable(t *testing.T) {
	tags := map[string]string{}
	for i, name := range meso.Sources() {
		tags[name] = fmt.Sprintf("S%d", i)
	}
	for _, tc := range []struct {
		file string
		line func(id string) *regexp.Regexp // the id's line; group 1 its sources
	}{
		{"doc.go", func(id string) *regexp.Regexp {
			return regexp.MustCompile(`(?m)^//\t` + id + `\s+(S\d(?:, S\d)*)\s`)
		}},
		{"../../README.md", func(id string) *regexp.Regexp {
			return regexp.MustCompile("(?m)^\\| `" + id + "` \\| (S\\d(?:, S\\d)*) \\|")
		}},
	} {
		text, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range All() {
			var want []string
			for _, s := range p.Sources {
				want = append(want, tags[s])
			}
			m := tc.line(p.ID).FindSubmatch(text)
			if m == nil {
				t.Errorf("%s does not list protocol %s with its sources", tc.file, p.ID)
				continue
			}
			if got := string(m[1]); got != strings.Join(want, ", ") {
				t.Errorf("%s lists %s from %s; its table says %s", tc.file, p.ID, got, strings.Join(want, ", "))
			}
		}
	}
}
