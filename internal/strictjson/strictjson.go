// Package strictjson decodes JSON that a caller hands to meso without losing or
// guessing anything: unknown fields, an object key given twice (encoding/json
// would keep the last and drop the first silently), text after the value and
// input beyond a size limit are all errors that name where they are.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Errors a caller can match with errors.Is.
var (
	ErrTooLarge     = errors.New("input too large")
	ErrDuplicateKey = errors.New("key given twice")
	ErrTrailingData = errors.New("data after the JSON value")
	ErrSyntax       = errors.New("malformed JSON")
	ErrUnknownField = errors.New("unknown field")
)

// Error is a decoding error at a place in the document: Path is where, written
// as in JavaScript (preparations[3].kind); it is empty for the whole document.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ReadAll reads all of r, or fails with ErrTooLarge as soon as it holds more
// than limit bytes.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)}
	}
	return data, nil
}

// Decode reads the single JSON value in data into v, whose struct types reject
// unknown fields. A key given twice in one object, anything but white space
// after the value, and malformed JSON are errors with the path where they
// occur. The path of an unknown field or a wrongly typed value is relative to
// v; callers that decode list entries one by one prefix it with the entry.
func Decode(data []byte, v any) error {
	if err := checkDuplicateKeys(data); err != nil {
		return err
	}
	return DecodeChecked(data, v)
}

// DecodeChecked is Decode for a part of a document whose keys Decode has
// already checked as a whole: it rejects unknown fields and trailing data but
// does not walk the part's tokens for repeated keys again.
func DecodeChecked(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return translate(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Err: ErrTrailingData}
	}
	return nil
}

// Marshal writes v as JSON as meso writes it everywhere: without escaping
// <, > and & (messages use them), and without a newline at the end.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// translate gives encoding/json's errors a path and a sentinel.
func translate(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &Error{Err: fmt.Errorf("%w at byte %d: %v", ErrSyntax, syn.Offset, syn)}
	case errors.As(err, &typ):
		return &Error{Path: typ.Field, Err: fmt.Errorf("got JSON %s, want %s", typ.Value, typ.Type)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Err: fmt.Errorf("%w: unexpected end of input", ErrSyntax)}
	}
	// encoding/json reports an unknown field only as text: json: unknown field "x".
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if field, err := strconv.Unquote(name); err == nil {
			return &Error{Path: field, Err: ErrUnknownField}
		}
	}
	return &Error{Err: err}
}

// frame is one open object or array while walking the tokens.
type frame struct {
	object  bool
	keys    map[string]bool
	wantKey bool
	path    string
	key     string
	index   int
}

func (f *frame) child() string {
	if f.object {
		if f.path == "" {
			return f.key
		}
		return f.path + "." + f.key
	}
	return f.path + "[" + strconv.Itoa(f.index) + "]"
}

// checkDuplicateKeys walks the tokens of data and reports the first object key
// that appears twice in the same object.
func checkDuplicateKeys(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	done := func() { // a value in the innermost container is complete
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].wantKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return translate(err)
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			top := &stack[n-1]
			if tok == json.Delim('}') {
				stack = stack[:n-1]
				done()
				continue
			}
			key, _ := tok.(string)
			if top.keys[key] {
				top.key = key
				return &Error{Path: top.child(), Err: ErrDuplicateKey}
			}
			top.keys[key] = true
			top.key, top.wantKey = key, false
			continue
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			path := ""
			if n := len(stack); n > 0 {
				path = stack[n-1].child()
			}
			obj := tok == json.Delim('{')
			f := frame{object: obj, wantKey: obj, path: path}
			if obj {
				f.keys = map[string]bool{}
			}
			stack = append(stack, f)
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
		default:
			done()
		}
		if len(stack) == 0 {
			// One complete top-level value; Decode reports what follows.
			return nil
		}
	}
}
