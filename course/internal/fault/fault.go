// Package fault holds the checks that course and its sub-packages (clinic,
// schedule, plancheck, ics, event) share: ids and free text in protocols,
// events and calendar exports, and the instants and zones a course's log
// can write back. Their errors wrap meso's sentinels.
package fault

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/given"
)

// CheckID checks an id: present, short, lower-case letters and digits in
// words joined by single hyphens.
func CheckID(what, id string) error {
	switch {
	case id == "":
		return meso.ErrMissing
	case len(id) > meso.MaxIDLen:
		return fmt.Errorf("%w: longer than %d bytes", meso.ErrTooLarge, meso.MaxIDLen)
	}
	if !given.Kebab(id) {
		return fmt.Errorf("%w: %s: want lower-case letters and digits joined by single hyphens", meso.ErrInvalid, what)
	}
	return nil
}

// CheckText checks free text: present, not longer than limit, without
// control characters.
func CheckText(s string, limit int) error {
	switch {
	case strings.TrimSpace(s) == "":
		return meso.ErrMissing
	case len(s) > limit:
		return fmt.Errorf("%w: longer than %d bytes", meso.ErrTooLarge, limit)
	case !utf8.ValidString(s):
		return fmt.Errorf("%w: not UTF-8", meso.ErrInvalid)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Errorf("%w: contains a control character", meso.ErrInvalid)
	}
	return nil
}
