package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/course/clinic"
)

// The marks of the month grid, around a day's number: a session, the test
// injection, and each reason a day is closed.
var marks = []struct {
	open, shut string
	what       string
}{
	{"[", "]", "session"},
	{"<", ">", "test injection"},
	{"(", ")", "closed weekday"},
	{"*", "*", "holiday"},
	{"~", "~", "away"},
	{"=", "=", "no free time"},
}

// The index of each mark in marks.
const (
	markSession = iota
	markTest
	markClosed
	markHoliday
	markAway
	markNoFreeTime
)

// WriteMonths draws the months from the test injection to the last session
// two side by side, weeks from Monday, and under them the legend of the
// marks: [d] a session, <d> the test injection, (d) a weekday the clinic is
// closed, *d* a holiday, ~d~ a day the patient is away (see
// Calendar.WithUnavailable) and, when the clinic
// books by its free time, =d= a day without room for a session.
func WriteMonths(w io.Writer, cal clinic.Calendar, test meso.Date, sessions []meso.Date) {
	if len(sessions) == 0 {
		return
	}
	on := make(map[meso.Date]bool, len(sessions))
	for _, d := range sessions {
		on[d] = true
	}
	first, last := test, sessions[len(sessions)-1]
	if first.IsZero() || sessions[0].Before(first) {
		first = sessions[0]
	}
	var months []meso.Date
	for m := first.AddDays(1 - first.Day()); !m.After(last) && !m.IsZero(); m = m.AddMonths(1) {
		months = append(months, m)
	}
	for i := 0; i < len(months); i += 2 {
		pair := months[i:min(i+2, len(months))]
		var blocks [][]string
		for _, m := range pair {
			blocks = append(blocks, month(m, cal, test, on))
		}
		for row := range 8 {
			var line []string
			for _, b := range blocks {
				cell := ""
				if row < len(b) {
					cell = b[row]
				}
				line = append(line, fmt.Sprintf("%-28s", cell))
			}
			if s := strings.TrimRight(strings.Join(line, "   "), " "); s != "" || row == 0 {
				fmt.Fprintln(w, s)
			}
		}
	}
	shown := marks[:markNoFreeTime]
	if _, length := cal.FreeTimes(); length > 0 {
		shown = marks
	}
	line := ""
	for _, m := range shown {
		item := m.open + "d" + m.shut + " " + m.what
		if line != "" && len(line)+2+len(item) > Width {
			fmt.Fprintln(w, line)
			line = ""
		}
		if line != "" {
			line += "  "
		}
		line += item
	}
	fmt.Fprintln(w, line)
}

// month returns the lines of one month, weeks from Monday.
func month(first meso.Date, cal clinic.Calendar, test meso.Date, sessions map[meso.Date]bool) []string {
	title := first.Month().String() + " " + strconv.Itoa(first.Year())
	lines := []string{fmt.Sprintf("%*s", 14+len(title)/2, title), " Mo  Tu  We  Th  Fr  Sa  Su"}
	week := strings.Repeat("    ", (int(first.Weekday())+6)%7)
	for d := first; d.Month() == first.Month() && !d.IsZero(); d = d.AddDays(1) {
		week += cell(d, cal, test, sessions[d])
		if d.Weekday() == time.Sunday {
			lines = append(lines, strings.TrimRight(week, " "))
			week = ""
		}
	}
	if week != "" {
		lines = append(lines, strings.TrimRight(week, " "))
	}
	return lines
}

// cell returns a day of the month grid, four columns wide: its number,
// marked as a session, the test injection or why the day is closed.
func cell(d meso.Date, cal clinic.Calendar, test meso.Date, session bool) string {
	m := -1
	switch {
	case session:
		m = markSession
	case d == test:
		m = markTest
	default:
		switch cal.Closure(d) {
		case clinic.Open:
		case clinic.ClosedWeekday:
			m = markClosed
		case clinic.Holiday:
			m = markHoliday
		case clinic.Unavailable:
			m = markAway
		default:
			m = markNoFreeTime
		}
	}
	if m < 0 {
		return fmt.Sprintf(" %2d ", d.Day())
	}
	return fmt.Sprintf("%s%2d%s", marks[m].open, d.Day(), marks[m].shut)
}
