package course

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mesokit/meso"
)

// Helpers that the tests of course share with those of schedule, which
// holds the originals.

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time.LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustDate(t testing.TB, s string) meso.Date {
	t.Helper()
	d, err := meso.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func seed(t *testing.T, name string) string {
	t.Helper()
	for _, dir := range []string{"../../shared/seeds", "../../../shared/seeds", "../../../../shared/seeds"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return string(data)
		}
	}
	t.Skipf("source document %s not found beside the repository", name)
	return ""
}

// words normalizes text for comparison: dashes to hyphens, runs of space and
// line breaks to one space, the words the seeds break across lines joined.
func words(s string) string {
	s = strings.NewReplacer("–", "-", "—", "-", "’", "'", "preven\n    tive", "preventive", "•", "").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
