// Package ical writes the lexical layer of iCalendar (RFC 5545): content
// lines ended by CRLF and folded at 75 octets without splitting a UTF-8
// character (3.1), TEXT values with their escapes (3.3.11), and the DATE,
// DATE-TIME, UTC-OFFSET and DURATION forms (3.3.4, 3.3.5, 3.3.14, 3.3.6).
//
// It knows nothing of calendars: package course decides which components and
// properties to write, and this package writes them correctly. It reads no
// iCalendar; the tests check its output with an independent parser.
package ical

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLine is the most octets a physical line holds, its CRLF not counted
// (RFC 5545, 3.1). A folded line's continuation starts with one space, so it
// carries at most MaxLine-1 octets of the content line.
const MaxLine = 75

// CheckText returns an error when s cannot be written as a TEXT value: when
// it is not valid UTF-8, or holds a control character other than tab, CR and
// LF (3.3.11 allows no other; CR and LF become the \n escape). The error says
// which byte offset is wrong.
func CheckText(s string) error {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return fmt.Errorf("invalid UTF-8 at byte %d", i)
		case r < 0x20 && r != '\t' && r != '\r' && r != '\n', r == 0x7f:
			return fmt.Errorf("control character %U at byte %d", r, i)
		}
		i += n
	}
	return nil
}

// AppendText appends s to dst as a TEXT value (3.3.11): backslash, semicolon
// and comma are escaped with a backslash, and each line break (CRLF, a lone
// CR or a lone LF) becomes the two characters \n. Everything else, colons
// included, is written as it is; check s with CheckText first.
func AppendText(dst []byte, s string) []byte {
	for {
		i := strings.IndexAny(s, "\\;,\r\n")
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		switch c := s[i]; c {
		case '\\', ';', ',':
			dst = append(dst, '\\', c)
		default: // a line break: CRLF, CR or LF
			if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			dst = append(dst, '\\', 'n')
		}
		s = s[i+1:]
	}
}

// AppendLine appends one content line to dst, folded and ended by CRLF: the
// first physical line holds at most MaxLine octets, and each continuation is
// a space followed by at most MaxLine-1 octets. A fold never falls inside a
// UTF-8 sequence, and never right after a space or a tab: a physical line
// that ends in white space loses it to editors and mail transports that
// strip trailing blanks, and the unfolded text with it. line must not hold
// CR or LF.
func AppendLine(dst, line []byte) []byte {
	limit := MaxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && line[cut]&0xC0 == 0x80 { // a continuation byte: back up to the rune's start
			cut--
		}
		if cut == 0 { // not UTF-8 at all; cut anyway, so that lines stay short
			cut = limit
		}
		if blank := cut; line[cut-1] == ' ' || line[cut-1] == '\t' {
			for blank > 0 && (line[blank-1] == ' ' || line[blank-1] == '\t') {
				blank--
			}
			if blank > 0 { // a line of blanks only is cut where it is
				cut = blank
			}
		}
		dst = append(dst, line[:cut]...)
		dst = append(dst, '\r', '\n', ' ')
		line = line[cut:]
		limit = MaxLine - 1
	}
	dst = append(dst, line...)
	return append(dst, '\r', '\n')
}

// AppendDateTime appends the wall time of t in t's location as a DATE-TIME
// in local form, YYYYMMDDTHHMMSS (3.3.5), with a Z when utc is true (then t
// must be in UTC). Fractions of a second are dropped. The year must be 1 to
// 9999.
func AppendDateTime(dst []byte, t time.Time, utc bool) []byte {
	dst = AppendDate(dst, t)
	h, m, s := t.Clock()
	dst = append(dst, 'T', byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10), byte('0'+s/10), byte('0'+s%10))
	if utc {
		dst = append(dst, 'Z')
	}
	return dst
}

// AppendDate appends the date of t in t's location as a DATE, YYYYMMDD
// (3.3.4). The year must be 1 to 9999.
func AppendDate(dst []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), byte('0'+d/10), byte('0'+d%10))
}

// AppendUTCOffset appends an offset east of UTC, in seconds, as a
// UTC-OFFSET (3.3.14): +HHMM, or +HHMMSS when it has seconds. Zero is +0000,
// as RFC 5545 forbids -0000. The offset must be within ±99:59:59.
func AppendUTCOffset(dst []byte, seconds int) []byte {
	sign := byte('+')
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	dst = append(dst, sign, byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10))
	if s != 0 {
		dst = append(dst, byte('0'+s/10), byte('0'+s%10))
	}
	return dst
}

// AppendDuration appends d, to the second, as a DURATION (3.3.6): -PT1H30M
// for an hour and a half before. The zero duration is PT0S.
func AppendDuration(dst []byte, d time.Duration) []byte {
	if d < 0 {
		dst = append(dst, '-')
		d = -d
	}
	dst = append(dst, 'P', 'T')
	sec := int64(d / time.Second)
	h, m, s := sec/3600, sec/60%60, sec%60
	if h > 0 {
		dst = append(strconv.AppendInt(dst, h, 10), 'H')
	}
	if m > 0 {
		dst = append(strconv.AppendInt(dst, m, 10), 'M')
	}
	if s > 0 || (h == 0 && m == 0) {
		dst = append(strconv.AppendInt(dst, s, 10), 'S')
	}
	return dst
}

// flushAt is how many buffered bytes make a Writer write them out.
const flushAt = 4 << 10

// Writer writes content lines to an io.Writer through a buffer. The first
// error of the underlying writer sticks: later calls do nothing, and Flush
// returns it.
type Writer struct {
	w    io.Writer
	buf  []byte // folded lines not written yet
	line []byte // the content line being built
	err  error
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, buf: make([]byte, 0, flushAt+512), line: make([]byte, 0, 256)}
}

// Line starts a content line with the property name and returns the buffer
// to append its parameters, colon and value to; hand it to Put when done.
// The buffer is reused by the next call to Line.
func (w *Writer) Line(name string) []byte { return append(w.line[:0], name...) }

// Put folds the content line and buffers it.
func (w *Writer) Put(line []byte) {
	w.line = line[:0]
	if w.err != nil {
		return
	}
	w.buf = AppendLine(w.buf, line)
	if len(w.buf) >= flushAt {
		w.flush()
	}
}

// Raw writes the line name:value, value written as it is.
func (w *Writer) Raw(name, value string) {
	l := append(w.Line(name), ':')
	w.Put(append(l, value...))
}

// Text writes the line name:text, text escaped as a TEXT value.
func (w *Writer) Text(name, text string) {
	l := append(w.Line(name), ':')
	w.Put(AppendText(l, text))
}

// Begin writes BEGIN:component.
func (w *Writer) Begin(component string) { w.Raw("BEGIN", component) }

// End writes END:component.
func (w *Writer) End(component string) { w.Raw("END", component) }

func (w *Writer) flush() {
	if w.err != nil || len(w.buf) == 0 {
		return
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	w.err = err
	w.buf = w.buf[:0]
}

// Flush writes out what is buffered and returns the first error of the
// underlying writer, if any.
func (w *Writer) Flush() error {
	w.flush()
	return w.err
}
