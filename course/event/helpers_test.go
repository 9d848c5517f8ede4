package event

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/screening"
)

// Helpers that the tests of event share with those of schedule, which
// holds the originals, and of course.

var berlin, _ = time.LoadLocation("Europe/Berlin")

// march returns 10:00 in Berlin on day d of March 2027 (days past 31 run on into April).
func march(d int) time.Time { return time.Date(2027, 3, d, 10, 0, 0, 0, berlin) }

// cleared returns a screening for greying-cocktail that clears a healthy
// patient at the instant at (in Berlin).
func cleared(at time.Time) Screened {
	birth, _ := meso.NewDate(1990, time.April, 12)
	r, err := screening.Screen(screening.Intake{BirthDate: birth, Sex: formulary.Female}, meso.DateOf(at.In(berlin)), screening.Options{Preparation: "greying-cocktail"})
	if err != nil {
		panic(err)
	}
	return Screened{At: at, Result: r}
}

// logOptions compares logs: instants by time.Time.Equal (cmp's default),
// zones by name, and the zero Safety as the default it means.
var logOptions = cmp.Options{
	cmp.Comparer(func(a, b meso.Date) bool { return a == b }),
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b Safety) bool { return a.orDefault() == b.orDefault() }),
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
