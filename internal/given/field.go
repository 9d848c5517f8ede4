// Package given checks and writes the values callers give meso: ids, which are
// kebab-case, and any value quoted in an error message, which is cut short so
// that a huge value does not flood a log (the error value keeps all of it).
package given

import "strconv"

// Kebab reports whether s is lower-case letters and digits in words joined
// by single hyphens, as in "vitamin-b-complex".
func Kebab(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// QuoteLimit is how many bytes of a value Quote keeps.
const QuoteLimit = 80

// Quote quotes s for an error message, cut after QuoteLimit bytes (on a
// character boundary) and marked with "…" when cut.
func Quote(s string) string {
	if len(s) <= QuoteLimit {
		return strconv.Quote(s)
	}
	cut := QuoteLimit
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return strconv.Quote(s[:cut]) + "…"
}
