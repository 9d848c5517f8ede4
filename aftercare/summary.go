package aftercare

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
)

// The layouts of the summary's times, in the session's location: meso's
// for people.
const (
	dayLayout     = meso.DayLayout
	instantLayout = meso.InstantLayout
)

// Summary returns, in plain words for the patient, what to do and avoid
// before the session that starts at session (first: the first of its course),
// what to avoid after it and until when, what to expect, and when to call the
// clinic at once. Times are in the session's location. Each item is one line
// that starts with "- ".
func (p *Policy) Summary(session time.Time, first bool) string {
	var b strings.Builder
	b.WriteString("Before your session on " + session.Format(instantLayout) + ":\n")
	steps := p.Steps(session, first)
	slices.SortStableFunc(steps, func(a, b Step) int { return a.From.Compare(b.From) })
	for _, s := range steps {
		i, _ := instruction(s.Instruction)
		in := instructions[i]
		when := "From " + s.From.Format(dayLayout) + " until the session"
		switch {
		case in.WholeDay:
			when = "On " + s.From.Format(dayLayout)
		case s.From.Format(dayLayout) == session.Format(dayLayout):
			when = "On the day, until the session"
		}
		b.WriteString("- " + when + ": " + in.Text + ".\n")
	}
	for _, in := range instructions {
		if in.Ask == Tell && (first || !in.FirstOnly) {
			b.WriteString("- " + capitalize(in.Text) + ".\n")
		}
	}

	b.WriteString("\nAfter the session, do not:\n")
	ws := p.Windows(session)
	// The first to end first, as a patient counts them down; those that end
	// together in activity order.
	slices.SortStableFunc(ws, func(a, b Window) int { return a.Until.Compare(b.Until) })
	for i := 0; i < len(ws); {
		// Windows that end together read as one line.
		j := i + 1
		for j < len(ws) && ws[j].Until.Equal(ws[i].Until) {
			j++
		}
		phrases := make([]string, 0, j-i)
		for _, w := range ws[i:j] {
			phrases = append(phrases, w.Activity.Phrase())
		}
		b.WriteString("- " + strings.Join(phrases, "; ") + ", until " + ws[i].Until.Format(instantLayout) + ".\n")
		i = j
	}

	b.WriteString("\nWhat to expect, and not worry about:\n")
	for _, e := range afterEffects {
		line := "- " + capitalize(e.What)
		if e.Max > 0 {
			line += ", for up to " + spell(e.Max)
		}
		b.WriteString(line + ".\n")
	}
	b.WriteString("\nCall the clinic at once if you have:\n")
	for _, w := range warningSigns {
		b.WriteString("- " + w.What + ".\n")
	}
	return b.String()
}

// spell writes a duration as a patient reads it: "72 hours", "7 days".
func spell(d time.Duration) string {
	switch {
	case d%day == 0 && d >= 7*day:
		return plural(int(d/day), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return d.String()
}

func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
