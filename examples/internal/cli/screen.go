package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/mesokit/meso/screening"
)

// Blocked is the exit code of an example that screened a patient who may not
// be treated on the day: the verdict is deferred or refused.
const Blocked = 3

// ScreeningCode returns the exit code for a screening verdict: OK when a
// session may go ahead (cleared, caution), Blocked when not.
func ScreeningCode(v screening.Verdict) int {
	if v.Allows() {
		return OK
	}
	return Blocked
}

// WriteScreening writes a screening result for people: the verdict, until
// when a deferral lasts, and each finding with its severity, until, sources
// (as tags) and message, in Width columns.
func WriteScreening(w io.Writer, r screening.Result) {
	verdict := strings.ToUpper(r.Verdict.String())
	switch {
	case r.Verdict == screening.Deferred && !r.Until.IsZero():
		verdict += " until " + Day(r.Until) + " (the first day a session may go ahead)"
	case r.Verdict == screening.Deferred:
		verdict += ", with no end date known"
	case r.Verdict == screening.Cleared:
		verdict += ": no rule of the policy holds"
	case r.Verdict == screening.Caution:
		verdict += ": a session may go ahead at the clinician's judgement"
	}
	Wrap(w, "", "Verdict: "+verdict)
	Wrap(w, "", "Policy: "+r.Policy)
	if len(r.Findings) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Findings:")
	for _, f := range r.Findings {
		head := f.Rule + " - " + f.Severity.String()
		if !f.Until.IsZero() {
			head += ", until " + Day(f.Until)
		}
		Wrap(w, "  ", head+" ["+Tags(f.Sources)+"]")
		Wrap(w, "      ", f.Message)
	}
}
