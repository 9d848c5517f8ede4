// Package jsontest tests meso's JSON decoders against keys written in other
// letters. From a valid document of a decoder's schema it makes, for every
// key at every level, the documents in which that key is written in upper
// case or with a letter that only Unicode folding matches ("ſ" for "s", the
// Kelvin sign for "k"), once in place of the key and once beside it with the
// same value. encoding/json would read each of them as the original key; a
// strict decoder must refuse each and name the key as written.
//
// The schema, not a hand list, says which keys there are: CheckFoldedKeys
// first checks that the sample document holds every JSON name of the
// schema's struct types, so a field added to the schema and not to the
// sample fails the test.
package jsontest

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Case is one document with one key written in other letters.
type Case struct {
	Name string // what was changed, for a test's name
	Key  string // the key as written in Doc
	Doc  []byte
}

// pair is an object member of the sample: where its key and value lie.
type pair struct {
	key                          string
	shape                        string // the path to the key, array indices left out, with each object's keys
	keyStart, keyEnd, valueStart int
	valueEnd                     int
}

// scan lists the members of every object in doc, which must be valid JSON
// whose keys have no escapes.
func scan(doc []byte) ([]pair, error) {
	var out []pair
	p := 0
	space := func() {
		for p < len(doc) && strings.IndexByte(" \t\r\n", doc[p]) >= 0 {
			p++
		}
	}
	var value func(shape string) error
	str := func() (string, error) {
		start := p
		p++
		for p < len(doc) && doc[p] != '"' {
			if doc[p] == '\\' {
				p++
			}
			p++
		}
		if p >= len(doc) {
			return "", fmt.Errorf("jsontest: unterminated string at byte %d", start)
		}
		p++
		return string(doc[start+1 : p-1]), nil
	}
	value = func(shape string) error {
		space()
		if p >= len(doc) {
			return fmt.Errorf("jsontest: unexpected end")
		}
		switch doc[p] {
		case '{':
			p++
			var members []int // this object's members in out
			for {
				space()
				if doc[p] == '}' {
					p++
					// Entries of one list may have schemas of their own
					// (a log's events): an object's shape holds its keys.
					var keys []string
					for _, i := range members {
						keys = append(keys, out[i].key)
					}
					slices.Sort(keys)
					for _, i := range members {
						out[i].shape = shape + "{" + strings.Join(keys, ",") + "}." + out[i].key
					}
					return nil
				}
				ks := p
				k, err := str()
				if err != nil {
					return err
				}
				ke := p
				space()
				p++ // ':'
				space()
				vs := p
				if err := value(shape + "." + k); err != nil {
					return err
				}
				members = append(members, len(out))
				out = append(out, pair{key: k, keyStart: ks, keyEnd: ke, valueStart: vs, valueEnd: p})
				space()
				if doc[p] == ',' {
					p++
				}
			}
		case '[':
			p++
			for {
				space()
				if doc[p] == ']' {
					p++
					return nil
				}
				if err := value(shape + "[]"); err != nil {
					return err
				}
				space()
				if doc[p] == ',' {
					p++
				}
			}
		case '"':
			_, err := str()
			return err
		default:
			for p < len(doc) && strings.IndexByte(",]} \t\r\n", doc[p]) < 0 {
				p++
			}
			return nil
		}
	}
	if err := value(""); err != nil {
		return nil, err
	}
	return out, nil
}

// Variants returns the spellings of key that encoding/json matches to key
// and a byte-for-byte comparison does not: key in upper case, and key with
// one letter replaced by one that only Unicode folding maps to it (or, for
// a key without s or k, with its last letter's case changed).
func Variants(key string) []string {
	var out []string
	if up := strings.ToUpper(key); up != key {
		out = append(out, up)
	}
	folded := ""
	switch {
	case strings.Contains(key, "s"):
		folded = strings.Replace(key, "s", "ſ", 1) // U+017F LATIN SMALL LETTER LONG S
	case strings.Contains(key, "k"):
		folded = strings.Replace(key, "k", "\u212a", 1) // KELVIN SIGN
	default:
		r := []rune(key)
		for i := len(r) - 1; i >= 0; i-- {
			if unicode.IsLetter(r[i]) {
				r[i] = unicode.SimpleFold(r[i])
				break
			}
		}
		folded = string(r)
	}
	if folded != key && !slices.Contains(out, folded) {
		out = append(out, folded)
	}
	return out
}

// FoldedKeys makes the documents of the package comment from doc: for each
// member of each object and each variant of its key, the key replaced, and
// a member with the variant key and the same value added after it. A key
// at the same place in several entries of a list (preparations[3].id and
// preparations[4].id) is changed in the first only: the schema, not the
// data, says how the key is read; entries with other keys (a log's events
// of different kinds) are each tested.
func FoldedKeys(doc []byte) ([]Case, error) {
	pairs, err := scan(doc)
	if err != nil {
		return nil, err
	}
	var out []Case
	done := map[string]bool{}
	for _, m := range pairs {
		if done[m.shape] {
			continue
		}
		done[m.shape] = true
		for _, v := range Variants(m.key) {
			quoted := `"` + v + `"`
			alone := slices.Concat(doc[:m.keyStart], []byte(quoted), doc[m.keyEnd:])
			beside := slices.Concat(doc[:m.valueEnd], []byte(","+quoted+":"), doc[m.valueStart:m.valueEnd], doc[m.valueEnd:])
			at := fmt.Sprintf("byte %d", m.keyStart)
			out = append(out,
				Case{Name: fmt.Sprintf("%s at %s instead of %s", v, at, m.key), Key: v, Doc: alone},
				Case{Name: fmt.Sprintf("%s at %s beside %s", v, at, m.key), Key: v, Doc: beside})
		}
	}
	return out, nil
}

var (
	unmarshaler     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Names returns the JSON names of the fields of the struct types of the
// given values, and of the struct types their fields hold, in order of
// first appearance. It does not look inside a field's type that reads
// itself (UnmarshalJSON or UnmarshalText): pass that type's own schema.
func Names(schema ...any) []string {
	var out []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, top bool)
	walk = func(t reflect.Type, top bool) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		pt := reflect.PointerTo(t)
		if t.Kind() != reflect.Struct || seen[t] ||
			!top && (pt.Implements(unmarshaler) || pt.Implements(textUnmarshaler)) {
			return // a type that reads itself has a schema of its own
		}
		seen[t] = true
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, _, _ := strings.Cut(tag, ",")
			if tag == "-" || !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Anonymous && name == "" {
				walk(f.Type, false)
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
			walk(f.Type, false)
		}
	}
	for _, s := range schema {
		walk(reflect.TypeOf(s), true)
	}
	return out
}

// CheckFoldedKeys checks that the sample documents together hold every
// JSON name of schema's types, and that decode refuses every document
// FoldedKeys makes from each of them with an error whose text holds the key
// as written. decode must accept each sample itself.
func CheckFoldedKeys(t testing.TB, samples [][]byte, decode func([]byte) error, schema ...any) {
	t.Helper()
	have := map[string]bool{}
	total := 0
	for _, doc := range samples {
		if err := decode(doc); err != nil {
			t.Fatalf("a sample document does not decode: %v\n%s", err, doc)
		}
		pairs, err := scan(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs {
			have[p.key] = true
		}
		cases, err := FoldedKeys(doc)
		if err != nil {
			t.Fatal(err)
		}
		total += len(cases)
		for _, c := range cases {
			err := decode(c.Doc)
			switch {
			case err == nil:
				t.Errorf("%s: decoded without error, want the key refused", c.Name)
			case !strings.Contains(err.Error(), c.Key) && !strings.Contains(err.Error(), quoteASCII(c.Key)):
				t.Errorf("%s: error %q does not name the key %q", c.Name, err, c.Key)
			}
		}
	}
	for _, name := range Names(schema...) {
		if !have[name] {
			t.Errorf("no sample document has the key %q of the schema: add one so that its spellings are tested", name)
		}
	}
	if total == 0 {
		t.Error("the sample documents have no keys")
	}
}

// quoteASCII writes s as %+q does, for messages that escape non-ASCII.
func quoteASCII(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}

// Seeds returns inputs for a decoder's fuzz target made from a valid
// sample: a few of FoldedKeys' documents, spread over the sample, and the
// sample with its first member's value nested in arrays just to the depth
// limit and one past it (depth counts the sample's own objects as well).
func Seeds(doc []byte, maxDepth int) [][]byte {
	cases, err := FoldedKeys(doc)
	if err != nil || len(cases) == 0 {
		return nil
	}
	var out [][]byte
	for i := 0; i < len(cases); i += max(1, len(cases)/8) {
		out = append(out, cases[i].Doc)
	}
	pairs, _ := scan(doc)
	first := pairs[0]
	for _, m := range pairs { // the first member of the outermost object
		if m.keyStart < first.keyStart {
			first = m
		}
	}
	for _, depth := range []int{maxDepth - 1, maxDepth} {
		deep := strings.Repeat("[", depth) + strings.Repeat("]", depth)
		out = append(out, slices.Concat(doc[:first.valueStart], []byte(deep), doc[first.valueEnd:]))
	}
	return out
}

// Deep returns a document of about size bytes that is one object with the
// single key key, whose value is arrays nested to depth in all (the object
// counts as the first level) around a list of short strings filling the
// size. With depth past a decoder's limit the strings are left out and the
// arrays alone fill the size.
func Deep(key string, size, depth int) []byte {
	head := `{"` + key + `": `
	if 2*depth+len(head)+1 >= size {
		return []byte(head + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + "}")
	}
	fill := max(0, size-len(head)-2-2*(depth-1)) / len(`"abcdefgh",`)
	return []byte(head + strings.Repeat("[", depth-1) + strings.Repeat(`"abcdefgh",`, fill) + "1" +
		strings.Repeat("]", depth-1) + "}")
}

// CheckMemory checks that decode, given Deep documents of size bytes for
// key at maxDepth and far past it, allocates at most a small multiple of
// the input (4× and 64 KiB): no decoder's memory may grow faster than its
// input, however deeply a hostile document nests.
func CheckMemory(t *testing.T, key string, size, maxDepth int, decode func([]byte) error) {
	t.Helper()
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"at the depth limit", Deep(key, size, maxDepth)},
		{"past the depth limit", Deep(key, size, size/2-len(key))},
	} {
		if len(tc.doc) > size {
			t.Fatalf("%s: %d bytes, over the decoder's %d", tc.name, len(tc.doc), size)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_ = decode(tc.doc)
		runtime.ReadMemStats(&after)
		if got, limit := after.TotalAlloc-before.TotalAlloc, 4*uint64(len(tc.doc))+1<<16; got > limit {
			t.Errorf("%s: %d bytes allocated for %d bytes of input, want at most %d", tc.name, got, len(tc.doc), limit)
		}
	}
}

// BenchmarkDeep measures decode on the documents CheckMemory checks, with
// their allocations, as name/at-the-limit and name/past-the-limit.
func BenchmarkDeep(b *testing.B, name, key string, size, maxDepth int, decode func([]byte) error) {
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"at-the-limit", Deep(key, size, maxDepth)},
		{"past-the-limit", Deep(key, size, size/2-len(key))},
	} {
		b.Run(name+"/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.doc)))
			b.ReportAllocs()
			for b.Loop() {
				_ = decode(tc.doc)
			}
		})
	}
}

// Decoder is one of a package's JSON decoders, for CheckMemoryOf and
// BenchmarkDeepOf: the key of a list it walks and the largest input it
// takes.
type Decoder struct {
	Name, Key string
	Size      int
	Decode    func([]byte) error
}

// CheckMemoryOf runs CheckMemory for each decoder, as a subtest by name.
func CheckMemoryOf(t *testing.T, ds []Decoder, maxDepth int) {
	for _, d := range ds {
		t.Run(d.Name, func(t *testing.T) { CheckMemory(t, d.Key, d.Size, maxDepth, d.Decode) })
	}
}

// BenchmarkDeepOf runs BenchmarkDeep for each decoder.
func BenchmarkDeepOf(b *testing.B, ds []Decoder, maxDepth int) {
	for _, d := range ds {
		BenchmarkDeep(b, d.Name, d.Key, d.Size, maxDepth, d.Decode)
	}
}
