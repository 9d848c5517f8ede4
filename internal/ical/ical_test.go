package ical

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestAppendText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain words", "plain words"},
		{`back\slash`, `back\\slash`},
		{"a;b,c", `a\;b\,c`},
		{"colon: never escaped", "colon: never escaped"},
		{"one\ntwo", `one\ntwo`},
		{"one\r\ntwo", `one\ntwo`},
		{"one\rtwo", `one\ntwo`},
		{"\r\n\r\n", `\n\n`},
		{"\n\r", `\n\n`}, // LF then a lone CR: two breaks
		{"tab\tstays", "tab\tstays"},
		{`\n is two characters`, `\\n is two characters`},
		{"Torstraße 1, 10119 Berlin; 2. OG", `Torstraße 1\, 10119 Berlin\; 2. OG`},
	} {
		if got := string(AppendText(nil, c.in)); got != c.want {
			t.Errorf("AppendText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCheckText(t *testing.T) {
	for _, s := range []string{"", "plain", "tab\there", "line\r\nbreak", "\uFFFD written out", "e\u0301 👩‍👩‍👧"} {
		if err := CheckText(s); err != nil {
			t.Errorf("CheckText(%q) = %v, want nil", s, err)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"bad \xff byte", "invalid UTF-8 at byte 4"},
		{"cut \xe2\x82", "invalid UTF-8 at byte 4"},
		{"nul\x00", "control character U+0000 at byte 3"},
		{"bell\a", "control character U+0007 at byte 4"},
		{"del\x7f", "control character U+007F at byte 3"},
		{"\x1b[31m", "control character U+001B at byte 0"},
		{"surrogate \xed\xa0\x80", "invalid UTF-8 at byte 10"},
	} {
		err := CheckText(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("CheckText(%q) = %v, want %s", c.in, err, c.want)
		}
	}
}

func TestAppendLine(t *testing.T) {
	x75 := strings.Repeat("x", 75)
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "\r\n"},
		{"short", "VERSION:2.0", "VERSION:2.0\r\n"},
		{"exactly 75", x75, x75 + "\r\n"},
		{"76", x75 + "y", x75 + "\r\n y\r\n"},
		{"continuations hold 74", x75 + strings.Repeat("y", 74) + "z",
			x75 + "\r\n " + strings.Repeat("y", 74) + "\r\n z\r\n"},
		// "é" is two octets, at octets 75 and 76: the fold moves before it.
		{"two-octet rune on the fold", strings.Repeat("x", 74) + "é", strings.Repeat("x", 74) + "\r\n é\r\n"},
		{"four-octet rune on the fold", strings.Repeat("x", 73) + "😀", strings.Repeat("x", 73) + "\r\n 😀\r\n"},
		{"rune ending at 75 stays", strings.Repeat("x", 73) + "é" + "y", strings.Repeat("x", 73) + "é\r\n y\r\n"},
		// Not UTF-8 at all: the fold still keeps the line short.
		{"no rune start", strings.Repeat("\x80", 80), strings.Repeat("\x80", 75) + "\r\n " + strings.Repeat("\x80", 5) + "\r\n"},
	} {
		if diff := cmp.Diff(c.want, string(AppendLine(nil, []byte(c.in)))); diff != "" {
			t.Errorf("%s: AppendLine (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestTimes(t *testing.T) {
	kolkata := time.FixedZone("IST", 5*3600+1800)
	for _, c := range []struct{ got, want string }{
		{string(AppendDateTime(nil, time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), true)), "20270301T100000Z"},
		{string(AppendDateTime(nil, time.Date(2027, 3, 1, 9, 5, 7, 999, kolkata), false)), "20270301T090507"},
		{string(AppendDateTime(nil, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), true)), "00010101T000000Z"},
		{string(AppendDateTime(nil, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), true)), "99991231T235959Z"},
		{string(AppendDate(nil, time.Date(2027, 12, 9, 23, 0, 0, 0, kolkata))), "20271209"},
		{string(AppendUTCOffset(nil, 0)), "+0000"},
		{string(AppendUTCOffset(nil, 3600)), "+0100"},
		{string(AppendUTCOffset(nil, -5*3600)), "-0500"},
		{string(AppendUTCOffset(nil, 5*3600+1800)), "+0530"},
		{string(AppendUTCOffset(nil, 12*3600+45*60)), "+1245"},
		{string(AppendUTCOffset(nil, -(4*3600 + 56*60 + 2))), "-045602"}, // New York's local mean time
		{string(AppendDuration(nil, 0)), "PT0S"},
		{string(AppendDuration(nil, -24*time.Hour)), "-PT24H"},
		{string(AppendDuration(nil, -90*time.Minute)), "-PT1H30M"},
		{string(AppendDuration(nil, 45*time.Second)), "PT45S"},
		{string(AppendDuration(nil, time.Hour+time.Second)), "PT1H1S"},
		{string(AppendDuration(nil, -7*24*time.Hour)), "-PT168H"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// failWriter fails after accepting n bytes.
type failWriter struct {
	n     int
	short bool // report the failure as a short write without an error
}

var errDisk = errors.New("disk full")

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	n := f.n
	f.n = 0
	if f.short {
		return n, nil
	}
	return n, errDisk
}

func TestWriterErrors(t *testing.T) {
	long := strings.Repeat("a, b; c\n", 200)
	for _, c := range []struct {
		w    *failWriter
		want error
	}{
		{&failWriter{n: 0}, errDisk},
		{&failWriter{n: 100}, errDisk},
		{&failWriter{n: 100, short: true}, io.ErrShortWrite},
	} {
		w := NewWriter(c.w)
		for range 20 { // more than one buffer's worth: the error comes before Flush
			w.Text("DESCRIPTION", long)
		}
		if w.err == nil {
			t.Errorf("%+v: no error before Flush", c.w)
		}
		if err := w.Flush(); !errors.Is(err, c.want) {
			t.Errorf("%+v: Flush = %v, want %v", c.w, err, c.want)
		}
		w.Begin("VEVENT") // after an error, nothing is buffered or written
		if len(w.buf) != 0 || !errors.Is(w.Flush(), c.want) {
			t.Errorf("%+v: wrote after an error", c.w)
		}
	}
	var b bytes.Buffer
	w := NewWriter(&b)
	w.Begin("VCALENDAR")
	w.Raw("VERSION", "2.0")
	w.Text("X-NOTE", "a,b")
	w.End("VCALENDAR")
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-NOTE:a\\,b\r\nEND:VCALENDAR\r\n"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
}

// pieces are the kinds of text the generator strings together: ASCII, runes
// of two, three and four octets, combining marks, emoji sequences, every
// character TEXT escapes, and every kind of line break.
var pieces = []string{
	"a", "Z", "0", " ", "\t", ":", "\"", "'", "=",
	"\\", ";", ",", "\\n", "\\\\",
	"\n", "\r", "\r\n", "\n\r",
	"é", "ß", "Ω", "ж", "€", "漢", "가", "😀", "𝄞",
	"e\u0301", "a\u0308\u0323", "👩\u200d👩\u200d👧", "🇩🇪", "👍🏽", "\uFEFF", "\u00a0", "\uFFFD",
}

// genText draws text that is valid for CheckText: strings of pieces, some
// long enough to fold several times, or any valid string rapid makes.
func genText() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom(pieces), 60, 300).Draw(t, "many"), "")
		}),
		rapid.Custom(func(t *rapid.T) string {
			return strings.Join(rapid.SliceOfN(rapid.SampledFrom(pieces), 0, 300).Draw(t, "pieces"), "")
		}),
		rapid.StringMatching(`[\x20-\x7e\n\r,;\\]{0,300}`),
		rapid.String().Filter(func(s string) bool { return CheckText(s) == nil }),
	)
}

// normalize is what a TEXT value reads back as: every line break one LF.
func normalize(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// unfold removes every CRLF followed by one space or tab (RFC 5545, 3.1).
func unfold(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' && i+2 < len(s) && s[i+1] == '\n' && (s[i+2] == ' ' || s[i+2] == '\t') {
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unescape reads a TEXT value as RFC 5545 3.3.11 defines it, and fails on a
// character that must have been escaped and was not.
func unescape(v string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			i++
			if i == len(v) {
				return "", false
			}
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", false
			}
		case ';', ',', '\r', '\n':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// fataler is what the checks need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkPhysical checks the physical lines of out: each ends with CRLF, holds
// no other CR or LF, at most MaxLine octets, and no split UTF-8 character
// (when the content is UTF-8); with oneLine, every line but the first is a
// continuation, starting with a space. It returns how many lines were folded
// short of MaxLine so that a character would not be split.
func checkPhysical(t fataler, out string, oneLine bool) (backedUp int) {
	t.Helper()
	if !strings.HasSuffix(out, "\r\n") {
		t.Fatalf("output does not end with CRLF: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for i, l := range lines {
		switch {
		case len(l) > MaxLine:
			t.Fatalf("line %d has %d octets: %q", i, len(l), l)
		case strings.ContainsAny(l, "\r\n"):
			t.Fatalf("line %d holds a bare CR or LF: %q", i, l)
		case oneLine && i > 0 && !strings.HasPrefix(l, " "):
			t.Fatalf("line %d is no continuation: %q", i, l)
		case utf8.ValidString(out) && !utf8.ValidString(l):
			t.Fatalf("line %d splits a UTF-8 character: %q", i, l)
		case i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") && endsInBlank(l, i > 0 && strings.HasPrefix(l, " ")):
			t.Fatalf("line %d is folded after white space, which an editor may strip: %q", i, l)
		}
		if i+1 < len(lines) && strings.HasPrefix(lines[i+1], " ") && len(l) < MaxLine {
			backedUp++
		}
	}
	return backedUp
}

// endsInBlank reports whether the physical line l (a continuation, whose
// first space is the fold's, when cont) ends in a space or tab after some
// other character.
func endsInBlank(l string, cont bool) bool {
	if cont {
		l = l[1:]
	}
	return strings.TrimRight(l, " \t") != l && strings.TrimSpace(l) != ""
}

// checkRoundTrip writes text as a DESCRIPTION and checks the folding, the
// unfolding and the escaping, by this file's reading of RFC 5545.
func checkRoundTrip(t fataler, text string) (backedUp int) {
	out := string(AppendLine(nil, AppendText([]byte("DESCRIPTION:"), text)))
	backedUp = checkPhysical(t, out, true)
	logical := unfold(out)
	if !strings.HasPrefix(logical, "DESCRIPTION:") || strings.Count(logical, "\r\n") != 1 {
		t.Fatalf("unfolded to %q", logical)
	}
	got, ok := unescape(strings.TrimSuffix(strings.TrimPrefix(logical, "DESCRIPTION:"), "\r\n"))
	if !ok {
		t.Fatalf("not a TEXT value: %q", logical)
	}
	if want := normalize(text); got != want {
		t.Fatalf("round trip of %q gave %q, want %q", text, got, want)
	}
	return backedUp
}

// Folding never makes a line longer than 75 octets nor splits a character,
// and unfolding and unescaping give the text back, line breaks as LF.
func TestFoldAndEscapeRoundTrip(t *testing.T) {
	var backedUp, multiLine int
	rapid.Check(t, func(t *rapid.T) {
		text := genText().Draw(t, "text")
		backedUp += checkRoundTrip(t, text)
		if len(AppendText([]byte("DESCRIPTION:"), text)) > 2*MaxLine {
			multiLine++
		}
	})
	// The generator must reach what it claims: text that folds more than
	// once, and folds moved back before a multi-octet character.
	t.Logf("%d folds moved before a character, %d texts folded twice", backedUp, multiLine)
	if backedUp == 0 || multiLine == 0 {
		t.Errorf("generator too tame: %d folds moved before a character, %d texts folded twice", backedUp, multiLine)
	}
}

// calendarWith is a minimal calendar whose one event has the text as its
// SUMMARY and DESCRIPTION, written with a Writer.
func calendarWith(text string) string {
	var b strings.Builder
	w := NewWriter(&b)
	w.Begin("VCALENDAR")
	w.Raw("VERSION", "2.0")
	w.Raw("PRODID", "-//mesokit//ical test//EN")
	w.Begin("VEVENT")
	w.Raw("UID", "1@test.example")
	w.Raw("DTSTAMP", "20270101T000000Z")
	w.Raw("DTSTART", "20270102T100000Z")
	w.Text("SUMMARY", text)
	w.Text("DESCRIPTION", text)
	w.End("VEVENT")
	w.End("VCALENDAR")
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return b.String()
}

// checkParser parses the calendar with the independent parser and checks
// that both texts read back.
func checkParser(t fataler, text string) {
	out := calendarWith(text)
	checkPhysical(t, out, false)
	cal, err := ics.ParseCalendar(strings.NewReader(out))
	if err != nil {
		t.Fatalf("parser: %v\n%s", err, out)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("parser found %d events in\n%s", len(events), out)
	}
	want := normalize(text)
	for _, p := range []ics.ComponentProperty{ics.ComponentPropertySummary, ics.ComponentPropertyDescription} {
		prop := events[0].GetProperty(p)
		if prop == nil {
			t.Fatalf("parser found no %s in\n%s", p, out)
		}
		if prop.Value != want {
			t.Fatalf("parser read %s %q, want %q", p, prop.Value, want)
		}
	}
}

// Escaping round-trips through the independent parser's unescaping.
func TestTextThroughParser(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkParser(t, genText().Draw(t, "text")) })
}

// FuzzText writes arbitrary text that CheckText accepts and checks that it
// folds, unfolds, unescapes and parses back; text it refuses must hold a
// byte that is no UTF-8 or a control character.
func FuzzText(f *testing.F) {
	for _, s := range append(pieces, strings.Repeat("é", 80), strings.Repeat("a,", 60)+"😀", "line\r\nbreak\rand\nmore") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 64<<10 {
			t.Skip("over 64 KiB")
		}
		if err := CheckText(text); err != nil {
			if utf8.ValidString(text) && !strings.ContainsFunc(text, func(r rune) bool {
				return r < 0x20 && r != '\t' && r != '\r' && r != '\n' || r == 0x7f
			}) {
				t.Fatalf("CheckText(%q) = %v for valid text", text, err)
			}
			return
		}
		checkRoundTrip(t, text)
		checkParser(t, text)
	})
}
