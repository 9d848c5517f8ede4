package strictjson

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deeply objects and arrays may nest in a document: the
// document's own value is at depth 1. No schema of meso nests deeper than
// a handful of levels; the limit keeps the cost of a hostile document linear.
const MaxDepth = 64

// Decode reads the single JSON value in data into v, which must be a
// non-nil pointer. It is strict where encoding/json is lenient:
//
//   - a key must be a field's name byte for byte: a key that matches a
//     field only after case or Unicode folding ("Pregnant", "medicationſ")
//     is ErrFoldedKey, naming the key as written and the field; any other
//     key a struct does not have is ErrUnknownField;
//   - a key given twice in one object is ErrDuplicateKey, in every object,
//     whether decoded into a struct, a map or kept raw;
//   - text that is not UTF-8, an escaped lone surrogate, a byte-order mark,
//     objects and arrays nested deeper than MaxDepth, and anything but white
//     space after the value are errors (ErrSyntax, ErrTooDeep,
//     ErrTrailingData);
//   - a value of the wrong JSON type is ErrType, saying what was wanted in
//     JSON's words, never a Go type's name; so is a number its type cannot
//     hold: a fraction or an exponent for an integer, and one too large, or
//     too small to be told from zero, for a float; and so is null, except
//     for what can be nil (a pointer, a slice, a map, an interface), which
//     it makes nil, and a json.Unmarshaler, which reads it itself.
//
// Every error is an *Error whose Path names the place in the document as
// JavaScript writes it (events[3].at); a syntax error also has its line and
// column. A value's own UnmarshalJSON or UnmarshalText error is kept as the
// *Error's Err. Time and memory are linear in len(data): the path is built
// only for an error. On error, v may have been partly filled.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &Error{Err: fmt.Errorf("strictjson: Decode needs a non-nil pointer, got %T", v)}
	}
	d := decoder{data: data}
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		return d.syntax(0, "a byte-order mark (U+FEFF) starts the input; JSON text must not begin with one")
	}
	d.space()
	if err := d.value(rv.Elem()); err != nil {
		return err
	}
	d.space()
	if d.pos < len(d.data) {
		return d.fail(fmt.Errorf("%w: %s", ErrTrailingData, d.describe(d.pos)))
	}
	return nil
}

// segment is one step of the path to the value being decoded: an object's
// key or an array's index.
type segment struct {
	key   string
	index int
	isKey bool
}

type decoder struct {
	data  []byte
	pos   int
	depth int
	path  [MaxDepth + 1]segment
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// pathString writes the path of the value being decoded.
func (d *decoder) pathString() string {
	var b strings.Builder
	for _, s := range d.path[:d.depth] {
		if s.isKey {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.key)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// fail is err at the value being decoded.
func (d *decoder) fail(err error) error {
	return &Error{Path: d.pathString(), Err: err}
}

// syntax is a syntax error at byte off, placed by line and column.
func (d *decoder) syntax(off int, format string, args ...any) error {
	line, col := 1, 1
	for _, c := range d.data[:min(off, len(d.data))] {
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 { // count characters, not bytes
			col++
		}
	}
	return &Error{Path: d.pathString(), Line: line, Column: col,
		Err: fmt.Errorf("%w at line %d, column %d: %s", ErrSyntax, line, col, fmt.Sprintf(format, args...))}
}

// describe names what is at off for an error message.
func (d *decoder) describe(off int) string {
	if off >= len(d.data) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(d.data[off:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", d.data[off])
	}
	return strconv.QuoteRune(r)
}

func (d *decoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// value decodes the value at d.pos into v; an invalid v discards it after
// checking it.
func (d *decoder) value(v reflect.Value) error {
	if d.pos >= len(d.data) {
		return d.syntax(d.pos, "unexpected end of input, want a value")
	}
	if !v.IsValid() {
		return d.skip()
	}
	c := d.data[d.pos]
	if c == 'n' {
		// null: nil for what can be nil, and the Unmarshaler's to read for
		// one that is not a pointer (as encoding/json does). For the rest —
		// a bool, a number, a string, a struct, an instant, a text value —
		// null is not a value of its type: encoding/json leaves the Go
		// value as it was, and a document's null would read as false, 0 or
		// "" (days: null as 0 days). It falls through to the type's own
		// check, which refuses it as ErrType.
		if v.Kind() != reflect.Pointer && v.Type() != timeType && v.CanAddr() && reflect.PointerTo(v.Type()).Implements(unmarshalerType) {
			if err := d.literal("null"); err != nil {
				return err
			}
			return d.unmarshal(v, d.pos-4)
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
			if err := d.literal("null"); err != nil {
				return err
			}
			v.SetZero()
			return nil
		}
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(v.Elem())
	}
	if v.Type() == timeType {
		return d.instant(v)
	}
	if v.CanAddr() {
		pt := reflect.PointerTo(v.Type())
		if pt.Implements(unmarshalerType) {
			return d.unmarshal(v, d.pos)
		}
		if pt.Implements(textUnmarshalerType) {
			if c != '"' {
				return d.wrongType("a string")
			}
			s, err := d.str()
			if err != nil {
				return err
			}
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
				return d.fail(err)
			}
			return nil
		}
	}
	isNumber := c == '-' || '0' <= c && c <= '9'
	switch v.Kind() {
	case reflect.Struct:
		if c != '{' {
			return d.wrongType("an object")
		}
		return d.object(v)
	case reflect.Map:
		if c != '{' {
			return d.wrongType("an object")
		}
		if v.Type().Key().Kind() != reflect.String {
			return d.fail(fmt.Errorf("strictjson: cannot decode into a map keyed by %s", v.Type().Key()))
		}
		return d.object(v)
	case reflect.Slice:
		if c != '[' {
			return d.wrongType("an array")
		}
		return d.array(v)
	case reflect.String:
		if c != '"' {
			return d.wrongType("a string")
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		switch c {
		case 't':
			v.SetBool(true)
			return d.literal("true")
		case 'f':
			v.SetBool(false)
			return d.literal("false")
		}
		return d.wrongType("true or false")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if !isNumber {
			return d.wrongType("a number")
		}
		text, isInt, err := d.number()
		if err != nil {
			return err
		}
		if !isInt {
			return d.fail(fmt.Errorf("%w: got %s, want a whole number", ErrType, text))
		}
		n, err := strconv.ParseInt(text, 10, v.Type().Bits())
		if err != nil {
			return d.fail(fmt.Errorf("%w: %s is out of range", ErrType, text))
		}
		v.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !isNumber {
			return d.wrongType("a number")
		}
		text, isInt, err := d.number()
		if err != nil {
			return err
		}
		n, perr := strconv.ParseUint(text, 10, v.Type().Bits())
		if !isInt || perr != nil {
			return d.fail(fmt.Errorf("%w: got %s, want a whole number from 0 to %d", ErrType, text, uint64(1)<<v.Type().Bits()-1))
		}
		v.SetUint(n)
		return nil
	case reflect.Float32, reflect.Float64:
		if !isNumber {
			return d.wrongType("a number")
		}
		text, _, err := d.number()
		if err != nil {
			return err
		}
		f, err := d.float(text, v.Type().Bits())
		if err != nil {
			return err
		}
		v.SetFloat(f)
		return nil
	case reflect.Interface:
		if v.NumMethod() != 0 {
			return d.fail(fmt.Errorf("strictjson: cannot decode into %s", v.Type()))
		}
		x, err := d.any()
		if err != nil {
			return err
		}
		if x == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(x))
		}
		return nil
	}
	return d.fail(fmt.Errorf("strictjson: cannot decode into %s", v.Type()))
}

// instant reads a time.Time written in RFC 3339. time.Time's own
// UnmarshalJSON takes an offset of +00:60 as +01:00 and accepts +24:00;
// RFC 3339 allows hours 00-23 and minutes 00-59 only.
func (d *decoder) instant(v reflect.Value) error {
	if d.data[d.pos] != '"' {
		return d.wrongType("a string (an instant in RFC 3339)")
	}
	s, err := d.str()
	if err != nil {
		return err
	}
	bad := func(why string) error {
		return d.fail(fmt.Errorf("%w: %q is not an instant in RFC 3339 (%s), such as 2027-03-01T10:00:00+01:00", ErrType, s, why))
	}
	if !rfc3339(s) {
		return bad("YYYY-MM-DDTHH:MM:SS, a fraction of at most 9 digits after a '.', then Z or an offset ±HH:MM")
	}
	if n := len(s); n > 6 && (s[n-6] == '+' || s[n-6] == '-') {
		if s[n-5:n-3] > "23" || s[n-2:] > "59" {
			return bad("an offset's hours run 00-23 and its minutes 00-59")
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return bad("date, time and offset or Z")
	}
	v.Set(reflect.ValueOf(t))
	return nil
}

// rfc3339 reports whether s has the shape RFC 3339 gives an instant:
// YYYY-MM-DDTHH:MM:SS, a fraction of 1 to 9 digits (what a time.Time holds)
// after a '.', then Z or an offset ±HH:MM. time.Parse, past its fast path,
// also reads a one-digit hour, a ',' for the '.', and a fraction of any
// length cut to nanoseconds; the ranges of the numbers are its to check.
func rfc3339(s string) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	if len(s) <= len(shape) {
		return false
	}
	for i := range len(shape) {
		if shape[i] == 'd' && !digit(s[i]) || shape[i] != 'd' && s[i] != shape[i] {
			return false
		}
	}
	rest := s[len(shape):]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && digit(rest[n]) {
			n++
		}
		if n == 1 || n > 10 {
			return false
		}
		rest = rest[n:]
	}
	if rest == "Z" {
		return true
	}
	return len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && digit(rest[1]) && digit(rest[2]) &&
		rest[3] == ':' && digit(rest[4]) && digit(rest[5])
}

// wrongType reports the value at d.pos as not of the JSON type wanted.
func (d *decoder) wrongType(want string) error {
	got := "a number"
	switch d.data[d.pos] {
	case '{':
		got = "an object"
	case '[':
		got = "an array"
	case '"':
		got = "a string"
	case 't', 'f':
		got = "true or false"
	case 'n':
		if err := d.literal("null"); err != nil {
			return err
		}
		d.pos -= len("null") // the error names the value's place, not what follows
		got = "null"
	}
	if c := d.data[d.pos]; got == "a number" && c != '-' && (c < '0' || c > '9') {
		return d.skip() // not a value at all: a syntax error
	}
	return d.fail(fmt.Errorf("%w: got %s, want %s", ErrType, got, want))
}

// unmarshal checks the value at d.pos (from start) and hands its text to
// v's UnmarshalJSON.
func (d *decoder) unmarshal(v reflect.Value, start int) error {
	if d.pos == start {
		if err := d.skip(); err != nil {
			return err
		}
	}
	u := v.Addr().Interface().(json.Unmarshaler)
	if err := u.UnmarshalJSON(d.data[start:d.pos]); err != nil {
		return d.fail(err)
	}
	return nil
}

// literal reads the literal word at d.pos.
func (d *decoder) literal(word string) error {
	if len(d.data)-d.pos >= len(word) && string(d.data[d.pos:d.pos+len(word)]) == word {
		d.pos += len(word)
		return nil
	}
	return d.syntax(d.pos, "unexpected %s, want a value", d.describe(d.pos))
}

// push enters a container at d.pos.
func (d *decoder) push() error {
	if d.depth >= MaxDepth {
		return d.fail(fmt.Errorf("%w: more than %d levels of objects and arrays", ErrTooDeep, MaxDepth))
	}
	d.pos++
	d.depth++
	return nil
}

// keySet tells whether an object's key was seen before. It holds the first
// few keys in a slice and moves to a map past them, so that small objects
// cost no allocation and large ones stay linear.
type keySet struct {
	few  [8]string
	n    int
	many map[string]struct{}
}

func (s *keySet) seen(k string) bool {
	if s.many != nil {
		_, ok := s.many[k]
		s.many[k] = struct{}{}
		return ok
	}
	for _, f := range s.few[:s.n] {
		if f == k {
			return true
		}
	}
	if s.n < len(s.few) {
		s.few[s.n] = k
		s.n++
		return false
	}
	s.many = make(map[string]struct{}, 2*len(s.few))
	for _, f := range s.few {
		s.many[f] = struct{}{}
	}
	s.many[k] = struct{}{}
	return false
}

// object decodes an object into a struct or a map; an invalid v checks it
// and discards it.
func (d *decoder) object(v reflect.Value) error {
	if err := d.push(); err != nil {
		return err
	}
	var fields *structFields
	if v.IsValid() && v.Kind() == reflect.Struct {
		fields = fieldsOf(v.Type())
	}
	if v.IsValid() && v.Kind() == reflect.Map && v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	var keys keySet
	var seenField uint64 // fields seen, by index, for the first 64 fields
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return nil
	}
	for {
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != '"' {
			return d.syntax(d.pos, "unexpected %s, want a key in double quotes", d.describe(d.pos))
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		seg := &d.path[d.depth-1]
		*seg = segment{key: key, isKey: true}
		var target reflect.Value
		switch {
		case fields != nil:
			i, ok := fields.byName[key]
			if !ok {
				if name, folded := fields.folded(key); folded {
					return d.fail(fmt.Errorf("%w: %q would be read as %q; keys are matched exactly", ErrFoldedKey, key, name))
				}
				return d.fail(ErrUnknownField)
			}
			f := &fields.list[i]
			dup := false
			if i < 64 {
				dup = seenField&(1<<i) != 0
				seenField |= 1 << i
			} else {
				dup = keys.seen(key)
			}
			if dup {
				return d.fail(ErrDuplicateKey)
			}
			target = fieldByIndex(v, f.index)
		default:
			if keys.seen(key) {
				return d.fail(ErrDuplicateKey)
			}
		}
		d.space()
		if d.pos >= len(d.data) || d.data[d.pos] != ':' {
			return d.syntax(d.pos, "unexpected %s after a key, want ':'", d.describe(d.pos))
		}
		d.pos++
		d.space()
		if v.IsValid() && v.Kind() == reflect.Map {
			elem := reflect.New(v.Type().Elem()).Elem()
			if err := d.value(elem); err != nil {
				return err
			}
			v.SetMapIndex(reflect.ValueOf(key).Convert(v.Type().Key()), elem)
		} else if err := d.value(target); err != nil {
			return err
		}
		if more, err := d.more('}', "an object"); !more {
			return err
		}
	}
}

// array decodes an array into a slice; an invalid v checks it and discards
// it.
func (d *decoder) array(v reflect.Value) error {
	if err := d.push(); err != nil {
		return err
	}
	seg := &d.path[d.depth-1]
	*seg = segment{}
	n := 0
	if v.IsValid() {
		v.SetLen(0)
	}
	d.space()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		if v.IsValid() && v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
		return nil
	}
	for {
		seg.index = n
		d.space()
		var elem reflect.Value
		if v.IsValid() {
			if n >= v.Cap() {
				v.Grow(1)
			}
			v.SetLen(n + 1)
			elem = v.Index(n)
			elem.SetZero()
		}
		if err := d.value(elem); err != nil {
			return err
		}
		n++
		if more, err := d.more(']', "an array"); !more {
			return err
		}
	}
}

// more reads what follows a value in a container: a comma, and more is
// true; or the container's closer, which leaves it.
func (d *decoder) more(closer byte, container string) (more bool, err error) {
	d.space()
	if d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ',':
			d.pos++
			return true, nil
		case closer:
			d.pos++
			d.depth--
			return false, nil
		}
	}
	return false, d.syntax(d.pos, "unexpected %s after a value in %s, want ',' or '%c'", d.describe(d.pos), container, closer)
}

// skip checks the value at d.pos and moves past it.
func (d *decoder) skip() error {
	if d.pos >= len(d.data) {
		return d.syntax(d.pos, "unexpected end of input, want a value")
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object(reflect.Value{})
	case c == '[':
		return d.array(reflect.Value{})
	case c == '"':
		_, err := d.scanString(false)
		return err
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, _, err := d.number()
		return err
	}
	return d.syntax(d.pos, "unexpected %s, want a value", d.describe(d.pos))
}

// any decodes a value as encoding/json does into an empty interface.
func (d *decoder) any() (any, error) {
	switch c := d.data[d.pos]; {
	case c == '{':
		m := map[string]any{}
		err := d.object(reflect.ValueOf(&m).Elem())
		return m, err
	case c == '[':
		s := []any{}
		err := d.array(reflect.ValueOf(&s).Elem())
		return s, err
	case c == '"':
		return d.str()
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		text, _, err := d.number()
		if err != nil {
			return nil, err
		}
		f, err := d.float(text, 64)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, d.syntax(d.pos, "unexpected %s, want a value", d.describe(d.pos))
}

// float reads the number text as a float of the given bits, or refuses it
// as out of range: too large for the type, or too small, which
// strconv.ParseFloat rounds to zero without an error (1e-400 would read
// as 0, a value the document does not say).
func (d *decoder) float(text string, bits int) (float64, error) {
	f, err := strconv.ParseFloat(text, bits)
	mantissa, _, _ := strings.Cut(strings.ToLower(text), "e")
	if err != nil || f == 0 && strings.ContainsAny(mantissa, "123456789") {
		return 0, d.fail(fmt.Errorf("%w: %s is out of range", ErrType, text))
	}
	return f, nil
}

// number reads a number as RFC 8259 writes it, telling whether it is an
// integer (no fraction, no exponent).
func (d *decoder) number() (text string, isInt bool, err error) {
	start, p := d.pos, d.pos
	digits := func() int {
		n := 0
		for p < len(d.data) && '0' <= d.data[p] && d.data[p] <= '9' {
			p++
			n++
		}
		return n
	}
	if p < len(d.data) && d.data[p] == '-' {
		p++
	}
	switch {
	case p < len(d.data) && d.data[p] == '0':
		p++
	case digits() == 0:
		return "", false, d.syntax(p, "unexpected %s, want a digit", d.describe(p))
	}
	isInt = true
	if p < len(d.data) && d.data[p] == '.' {
		p++
		isInt = false
		if digits() == 0 {
			return "", false, d.syntax(p, "unexpected %s, want a digit after '.'", d.describe(p))
		}
	}
	if p < len(d.data) && (d.data[p] == 'e' || d.data[p] == 'E') {
		p++
		isInt = false
		if p < len(d.data) && (d.data[p] == '+' || d.data[p] == '-') {
			p++
		}
		if digits() == 0 {
			return "", false, d.syntax(p, "unexpected %s, want a digit in the exponent", d.describe(p))
		}
	}
	d.pos = p
	return string(d.data[start:p]), isInt, nil
}

// str reads a string at d.pos. It refuses what encoding/json would
// silently replace by U+FFFD: bytes that are not UTF-8 and escaped lone
// surrogates.
func (d *decoder) str() (string, error) { return d.scanString(true) }

// scanString is str; unless keep, it checks the string without copying it.
func (d *decoder) scanString(keep bool) (string, error) {
	start := d.pos + 1
	p := start
	for p < len(d.data) {
		c := d.data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			if !keep {
				return "", nil
			}
			return string(d.data[start:p]), nil
		case c == '\\':
			return d.escaped(start, p)
		case c < 0x20:
			return "", d.syntax(p, "control character 0x%02x in a string; write it escaped", c)
		case c < utf8.RuneSelf:
			p++
		default:
			r, size := utf8.DecodeRune(d.data[p:])
			if r == utf8.RuneError && size == 1 {
				return "", d.syntax(p, "byte 0x%02x is not UTF-8", c)
			}
			p += size
		}
	}
	return "", d.syntax(p, "unexpected end of input in a string")
}

// escaped reads the rest of a string whose first escape is at p.
func (d *decoder) escaped(start, p int) (string, error) {
	b := make([]byte, 0, p-start+16)
	b = append(b, d.data[start:p]...)
	for p < len(d.data) {
		c := d.data[p]
		switch {
		case c == '"':
			d.pos = p + 1
			return string(b), nil
		case c == '\\':
			if p+1 >= len(d.data) {
				return "", d.syntax(p, "unexpected end of input in an escape")
			}
			switch e := d.data[p+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(d.data[p+2:])
				if !ok {
					return "", d.syntax(p, "\\u must be followed by four hexadecimal digits")
				}
				p += 6
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if len(d.data) > p+1 && d.data[p] == '\\' && d.data[p+1] == 'u' {
						r2, ok = hex4(d.data[p+2:])
					}
					pair := utf16.DecodeRune(r, r2)
					if !ok || pair == utf8.RuneError {
						return "", d.syntax(p-6, "\\u%04X is half of a UTF-16 surrogate pair without its other half", r)
					}
					r = pair
					p += 6
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				return "", d.syntax(p, "unknown escape \\ followed by %s", d.describe(p+1))
			}
			p += 2
		case c < 0x20:
			return "", d.syntax(p, "control character 0x%02x in a string; write it escaped", c)
		case c < utf8.RuneSelf:
			b = append(b, c)
			p++
		default:
			r, size := utf8.DecodeRune(d.data[p:])
			if r == utf8.RuneError && size == 1 {
				return "", d.syntax(p, "byte 0x%02x is not UTF-8", c)
			}
			b = append(b, d.data[p:p+size]...)
			p += size
		}
	}
	return "", d.syntax(p, "unexpected end of input in a string")
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// structFields is what Decode knows of a struct type: its fields by JSON
// name, as encoding/json names them.
type structFields struct {
	list   []field
	byName map[string]int
}

type field struct {
	name  string
	index []int
}

// folded returns the field whose name equals key after case folding, as
// encoding/json would match it.
func (s *structFields) folded(key string) (string, bool) {
	for _, f := range s.list {
		if strings.EqualFold(f.name, key) {
			return f.name, true
		}
	}
	return "", false
}

var fieldCache sync.Map // reflect.Type → *structFields

func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structFields)
	}
	s := &structFields{byName: map[string]int{}}
	collect(s, t, nil)
	f, _ := fieldCache.LoadOrStore(t, s)
	return f.(*structFields)
}

// collect adds t's fields, and those of its embedded structs without a
// name of their own, to s. A name given at a shallower level wins, as in
// encoding/json; meso's schemas have no ambiguous names.
func collect(s *structFields, t reflect.Type, index []int) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collect(s, ft, idx)
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if _, taken := s.byName[name]; taken {
			continue
		}
		s.byName[name] = len(s.list)
		s.list = append(s.list, field{name: name, index: idx})
	}
}

// fieldByIndex is v.FieldByIndex, allocating embedded pointers on the way.
func fieldByIndex(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}
