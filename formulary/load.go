package formulary

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/given"
	"github.com/mesokit/meso/internal/strictjson"
)

// The limits on a catalog Load accepts, so that no input can make it allocate
// without bound.
const (
	MaxCatalogBytes = 8 << 20 // the whole JSON document
	MaxEntries      = 10000   // entries in each top-level list
	MaxListLen      = 256     // sources, ingredients, members, ranges … of one entry
	MaxRangeValue   = 100000  // the largest Min or Max of a Range
)

// The JSON form of a catalog. Enumerations are read as text and checked here,
// so that an error can name its entry and field.
type (
	catalogJSON struct {
		Ingredients  []json.RawMessage `json:"ingredients"`
		Groups       []json.RawMessage `json:"groups"`
		Preparations []json.RawMessage `json:"preparations"`
		Methods      []json.RawMessage `json:"methods"`
		Techniques   []json.RawMessage `json:"techniques"`
		Session      []json.RawMessage `json:"session"`
	}
	ingredientJSON struct {
		ID          string       `json:"id"`
		Name        string       `json:"name"`
		Class       string       `json:"class"`
		Unspecified bool         `json:"unspecified,omitempty"`
		Effects     []effectJSON `json:"effects,omitempty"`
		Notes       string       `json:"notes,omitempty"`
		Sources     []string     `json:"sources"`
	}
	effectJSON struct {
		Text    string   `json:"text"`
		Sources []string `json:"sources"`
	}
	groupJSON struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Members []string `json:"members"`
		Notes   string   `json:"notes,omitempty"`
		Sources []string `json:"sources"`
	}
	preparationJSON struct {
		ID          string       `json:"id"`
		Name        string       `json:"name"`
		Maker       string       `json:"maker,omitempty"`
		Country     string       `json:"country,omitempty"`
		Kind        string       `json:"kind"`
		Uses        []string     `json:"uses"`
		Ingredients []string     `json:"ingredients"`
		Indications []string     `json:"indications"`
		Sex         string       `json:"sex,omitempty"`
		Effects     []effectJSON `json:"effects,omitempty"`
		Notes       string       `json:"notes,omitempty"`
		Sources     []string     `json:"sources"`
	}
	methodJSON struct {
		ID          string      `json:"id"`
		Name        string      `json:"name"`
		Invasive    bool        `json:"invasive"`
		Description string      `json:"description,omitempty"`
		Ranges      []rangeJSON `json:"ranges,omitempty"`
		Sources     []string    `json:"sources"`
	}
	techniqueJSON struct {
		ID          string      `json:"id"`
		Name        string      `json:"name"`
		Description string      `json:"description,omitempty"`
		Ranges      []rangeJSON `json:"ranges,omitempty"`
		Sources     []string    `json:"sources"`
	}
	rangeJSON struct {
		Quantity string   `json:"quantity"`
		Min      float64  `json:"min"`
		Max      float64  `json:"max"`
		Stated   string   `json:"stated"`
		Sources  []string `json:"sources"`
	}
)

// Load reads a catalog written in the schema of the default catalog (see
// MarshalJSON): top-level lists "ingredients", "groups", "preparations",
// "methods", "techniques" and "session". It is strict: an unknown field, an id
// given twice, a reference to an unknown ingredient, an empty id or name, an
// unknown enumeration value, an entry without sources, or input over the
// limits is an error naming the entry and field (a *meso.FieldError). Nothing is
// half-loaded: on error the catalog is nil.
func Load(r io.Reader) (*Catalog, error) {
	data, err := strictjson.ReadAll(r, MaxCatalogBytes)
	if err != nil {
		return nil, &meso.FieldError{Field: "catalog", Err: fmt.Errorf("%w: %v", meso.ErrTooLarge, err)}
	}
	var doc catalogJSON
	if err := decode(data, &doc, "catalog", ""); err != nil {
		return nil, err
	}
	l := loader{c: &Catalog{}}
	l.ingredients(doc.Ingredients)
	l.groups(doc.Groups)
	l.preparations(doc.Preparations)
	l.methods(doc.Methods)
	l.techniques(doc.Techniques)
	l.sessionRanges(doc.Session)
	if l.err != nil {
		return nil, l.err
	}
	l.c.index()
	return l.c, nil
}

// decode reads one JSON value strictly, turning a decoding error into a
// meso.FieldError at path.
func decode(data []byte, v any, path, entry string) error {
	err := strictjson.Decode(data, v)
	if err == nil {
		return nil
	}
	var se *strictjson.Error
	if !errors.As(err, &se) {
		return &meso.FieldError{Field: path, Entry: entry, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
	}
	field := path
	if se.Path != "" {
		field = path + "." + se.Path
		if path == "catalog" {
			field = se.Path
		}
	}
	why := strictjson.Reason(se.Err)
	return &meso.FieldError{Field: field, Entry: entry, Err: why}
}

// loader builds a Catalog entry by entry and keeps the first error.
type loader struct {
	c   *Catalog
	err error
}

func (l *loader) fail(field, entry, value string, err error) {
	if l.err == nil {
		l.err = &meso.FieldError{Field: field, Entry: entry, Value: value, Err: err}
	}
}

// entries decodes each raw entry of a top-level list into T and hands it on
// with its path and id.
func entries[T any](l *loader, list string, raws []json.RawMessage, each func(path string, e T)) {
	if len(raws) > MaxEntries {
		l.fail(list, "", "", fmt.Errorf("%w: %d entries, at most %d", meso.ErrTooLarge, len(raws), MaxEntries))
		return
	}
	for i, raw := range raws {
		if l.err != nil {
			return
		}
		path := list + "[" + strconv.Itoa(i) + "]"
		var e T
		if err := decode(raw, &e, path, entryID(raw)); err != nil {
			if l.err == nil {
				l.err = err
			}
			return
		}
		each(path, e)
	}
}

// entryID is the id an entry gives itself, to name the entry in an error;
// "" when it gives none, or not as a string under exactly the key "id".
func entryID(raw []byte) string {
	var probe map[string]json.RawMessage
	var id string
	if strictjson.Decode(raw, &probe) != nil || strictjson.Decode(probe["id"], &id) != nil {
		return ""
	}
	return id
}

func (l *loader) ingredients(raws []json.RawMessage) {
	l.c.ingredientIdx = map[string]int{}
	entries(l, "ingredients", raws, func(path string, e ingredientJSON) {
		l.id(path, e.ID, l.c.ingredientIdx)
		l.text(path+".name", e.ID, e.Name, meso.MaxNameLen, true)
		class, ok := enum.Parse[Class](classText, e.Class)
		if !ok || class == 0 {
			l.fail(path+".class", e.ID, e.Class, classText.Mismatch())
		}
		l.text(path+".notes", e.ID, e.Notes, meso.MaxTextLen, false)
		effects := l.effects(path, e.ID, e.Effects)
		sources := l.sources(path, e.ID, e.Sources)
		l.c.ingredientIdx[e.ID] = len(l.c.ingredients)
		l.c.ingredients = append(l.c.ingredients, Ingredient{
			ID: e.ID, Name: e.Name, Class: class, Unspecified: e.Unspecified, Effects: effects, Notes: e.Notes, Sources: sources,
		})
	})
}

func (l *loader) groups(raws []json.RawMessage) {
	l.c.groupIdx = map[string]int{}
	entries(l, "groups", raws, func(path string, e groupJSON) {
		l.id(path, e.ID, l.c.groupIdx)
		// A group id is an allergy id, like ingredient ids and class names.
		if _, ok := l.c.ingredientIdx[e.ID]; ok {
			l.fail(path+".id", e.ID, e.ID, fmt.Errorf("%w: it is also an ingredient id", meso.ErrDuplicate))
		}
		if _, ok := enum.Parse[Class](classText, e.ID); ok {
			l.fail(path+".id", e.ID, e.ID, fmt.Errorf("%w: it is also a class name", meso.ErrDuplicate))
		}
		l.text(path+".name", e.ID, e.Name, meso.MaxNameLen, true)
		if len(e.Members) == 0 {
			l.fail(path+".members", e.ID, "", meso.ErrMissing)
		}
		l.text(path+".notes", e.ID, e.Notes, meso.MaxTextLen, false)
		members := l.refs(path+".members", e.ID, e.Members, l.c.ingredientIdx, "ingredient")
		sources := l.sources(path, e.ID, e.Sources)
		l.c.groupIdx[e.ID] = len(l.c.groups)
		l.c.groups = append(l.c.groups, Group{ID: e.ID, Name: e.Name, Members: members, Notes: e.Notes, Sources: sources})
	})
}

func (l *loader) preparations(raws []json.RawMessage) {
	l.c.preparationIdx = map[string]int{}
	entries(l, "preparations", raws, func(path string, e preparationJSON) {
		l.id(path, e.ID, l.c.preparationIdx)
		l.text(path+".name", e.ID, e.Name, meso.MaxNameLen, true)
		l.text(path+".maker", e.ID, e.Maker, meso.MaxNameLen, false)
		l.text(path+".country", e.ID, e.Country, meso.MaxNameLen, false)
		l.text(path+".notes", e.ID, e.Notes, meso.MaxTextLen, false)
		kind, ok := enum.Parse[PreparationKind](kindText, e.Kind)
		if !ok {
			l.fail(path+".kind", e.ID, e.Kind, kindText.Mismatch())
		}
		sex, ok := enum.Parse[Sex](sexText, e.Sex)
		if !ok {
			l.fail(path+".sex", e.ID, e.Sex, sexText.Mismatch())
		}
		p := Preparation{
			ID: e.ID, Name: e.Name, Maker: e.Maker, Country: e.Country, Kind: kind, Sex: sex, Notes: e.Notes,
			Uses:        enums[Use](l, path+".uses", e.ID, e.Uses, useText),
			Ingredients: l.refs(path+".ingredients", e.ID, e.Ingredients, l.c.ingredientIdx, "ingredient"),
			Indications: enums[Indication](l, path+".indications", e.ID, e.Indications, indicationText),
			Effects:     l.effects(path, e.ID, e.Effects),
			Sources:     l.sources(path, e.ID, e.Sources),
		}
		l.c.preparationIdx[e.ID] = len(l.c.preparations)
		l.c.preparations = append(l.c.preparations, p)
	})
}

func (l *loader) methods(raws []json.RawMessage) {
	l.c.methodIdx = map[string]int{}
	entries(l, "methods", raws, func(path string, e methodJSON) {
		l.id(path, e.ID, l.c.methodIdx)
		l.text(path+".name", e.ID, e.Name, meso.MaxNameLen, true)
		l.text(path+".description", e.ID, e.Description, meso.MaxTextLen, false)
		m := Method{
			ID: e.ID, Name: e.Name, Invasive: e.Invasive, Description: e.Description,
			Ranges:  l.ranges(path+".ranges", e.ID, e.Ranges),
			Sources: l.sources(path, e.ID, e.Sources),
		}
		l.c.methodIdx[e.ID] = len(l.c.methods)
		l.c.methods = append(l.c.methods, m)
	})
}

func (l *loader) techniques(raws []json.RawMessage) {
	l.c.techniqueIdx = map[string]int{}
	entries(l, "techniques", raws, func(path string, e techniqueJSON) {
		l.id(path, e.ID, l.c.techniqueIdx)
		l.text(path+".name", e.ID, e.Name, meso.MaxNameLen, true)
		l.text(path+".description", e.ID, e.Description, meso.MaxTextLen, false)
		t := Technique{
			ID: e.ID, Name: e.Name, Description: e.Description,
			Ranges:  l.ranges(path+".ranges", e.ID, e.Ranges),
			Sources: l.sources(path, e.ID, e.Sources),
		}
		l.c.techniqueIdx[e.ID] = len(l.c.techniques)
		l.c.techniques = append(l.c.techniques, t)
	})
}

func (l *loader) sessionRanges(raws []json.RawMessage) {
	entries(l, "session", raws, func(path string, e rangeJSON) {
		if r, ok := l.rangeOf(path, "", e); ok {
			l.c.session = append(l.c.session, r)
		}
	})
}

// id checks an entry's id: present, kebab-case, short, not seen before in its
// list.
func (l *loader) id(path, id string, seen map[string]int) {
	field := path + ".id"
	switch {
	case id == "":
		l.fail(field, "", "", meso.ErrMissing)
	case len(id) > meso.MaxIDLen:
		l.fail(field, "", id, fmt.Errorf("%w: longer than %d bytes", meso.ErrTooLarge, meso.MaxIDLen))
	case !given.Kebab(id):
		l.fail(field, "", id, fmt.Errorf("%w: an id is lower-case letters and digits joined by single hyphens", meso.ErrInvalid))
	default:
		if _, dup := seen[id]; dup {
			l.fail(field, "", id, meso.ErrDuplicate)
		}
	}
}

// text checks a free-text field: not longer than limit, without control
// characters, and present when required.
func (l *loader) text(field, entry, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		l.fail(field, entry, s, meso.ErrMissing)
	case len(s) > limit:
		l.fail(field, entry, s, fmt.Errorf("%w: longer than %d bytes", meso.ErrTooLarge, limit))
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		l.fail(field, entry, s, fmt.Errorf("%w: contains a control character", meso.ErrInvalid))
	}
}

// list checks the length of a list field.
func (l *loader) list(field, entry string, n int) bool {
	if n > MaxListLen {
		l.fail(field, entry, "", fmt.Errorf("%w: %d items, at most %d", meso.ErrTooLarge, n, MaxListLen))
		return false
	}
	return true
}

// sources checks that an entry cites at least one document, each once.
func (l *loader) sources(path, entry string, sources []string) []string {
	field := path + ".sources"
	if len(sources) == 0 {
		l.fail(field, entry, "", fmt.Errorf("%w: every entry cites at least one source", meso.ErrMissing))
		return nil
	}
	if !l.list(field, entry, len(sources)) {
		return nil
	}
	for i, s := range sources {
		f := field + "[" + strconv.Itoa(i) + "]"
		l.text(f, entry, s, meso.MaxNameLen, true)
		for _, prev := range sources[:i] {
			if prev == s {
				l.fail(f, entry, s, meso.ErrDuplicate)
			}
		}
	}
	return sources
}

func (l *loader) effects(path, entry string, effects []effectJSON) []Effect {
	field := path + ".effects"
	if len(effects) == 0 || !l.list(field, entry, len(effects)) {
		return nil
	}
	out := make([]Effect, len(effects))
	for i, e := range effects {
		f := field + "[" + strconv.Itoa(i) + "]"
		l.text(f+".text", entry, e.Text, meso.MaxTextLen, true)
		out[i] = Effect{Text: e.Text, Sources: l.sources(f, entry, e.Sources)}
	}
	return out
}

// idsByIndex returns the ids of an index, in the order of their entries.
func idsByIndex(known map[string]int) []string {
	ids := make([]string, len(known))
	for id, i := range known {
		ids[i] = id
	}
	return ids
}

// refs checks a list of ids that must name entries of another list, each once.
func (l *loader) refs(field, entry string, ids []string, known map[string]int, what string) []string {
	if len(ids) == 0 || !l.list(field, entry, len(ids)) {
		return nil
	}
	for i, id := range ids {
		f := field + "[" + strconv.Itoa(i) + "]"
		if _, ok := known[id]; !ok && l.err == nil {
			fe := enum.Unknown(f, what, id, idsByIndex(known)).(*meso.FieldError)
			fe.Entry = entry
			l.err = fe
		}
		for _, prev := range ids[:i] {
			if prev == id {
				l.fail(f, entry, id, meso.ErrDuplicate)
			}
		}
	}
	return ids
}

// enums reads a list of enumeration names, each known and given once.
func enums[E ~uint8](l *loader, field, entry string, names []string, table *enum.Table) []E {
	if len(names) == 0 || !l.list(field, entry, len(names)) {
		return nil
	}
	out := make([]E, len(names))
	for i, n := range names {
		f := field + "[" + strconv.Itoa(i) + "]"
		v, ok := enum.Parse[E](table, n)
		if !ok || v == 0 {
			l.fail(f, entry, n, table.Mismatch())
		}
		for _, prev := range names[:i] {
			if prev == n {
				l.fail(f, entry, n, meso.ErrDuplicate)
			}
		}
		out[i] = v
	}
	return out
}

func (l *loader) ranges(field, entry string, rs []rangeJSON) []Range {
	if len(rs) == 0 || !l.list(field, entry, len(rs)) {
		return nil
	}
	out := make([]Range, 0, len(rs))
	for i, e := range rs {
		if r, ok := l.rangeOf(field+"["+strconv.Itoa(i)+"]", entry, e); ok {
			out = append(out, r)
		}
	}
	return out
}

// rangeOf checks one stated range: a known quantity, finite bounds with
// 0 <= Min <= Max, Max > 0, the source's own words and its sources.
func (l *loader) rangeOf(path, entry string, e rangeJSON) (Range, bool) {
	q, ok := enum.Parse[Quantity](quantityText, e.Quantity)
	if !ok || q == 0 {
		l.fail(path+".quantity", entry, e.Quantity, quantityText.Mismatch())
		return Range{}, false
	}
	bound := func(name string, v float64) {
		if math.IsNaN(v) || v < 0 || v > MaxRangeValue {
			l.fail(path+"."+name, entry, strconv.FormatFloat(v, 'g', -1, 64),
				fmt.Errorf("%w: want a number from 0 to %d %s", meso.ErrInvalid, MaxRangeValue, q.Unit()))
		}
	}
	bound("min", e.Min)
	bound("max", e.Max)
	switch {
	case e.Max == 0:
		l.fail(path+".max", entry, "0", fmt.Errorf("%w: a range needs a positive maximum", meso.ErrInvalid))
	case e.Min > e.Max:
		l.fail(path+".min", entry, strconv.FormatFloat(e.Min, 'g', -1, 64),
			fmt.Errorf("%w: above max %s", meso.ErrInvalid, strconv.FormatFloat(e.Max, 'g', -1, 64)))
	}
	l.text(path+".stated", entry, e.Stated, meso.MaxTextLen, true)
	sources := l.sources(path, entry, e.Sources)
	return Range{Quantity: q, Min: e.Min, Max: e.Max, Stated: e.Stated, Sources: sources}, true
}

// MarshalJSON writes c in the schema Load reads, entries in catalog order; a
// preparation's ingredients are a list of ingredient ids ([] when unstated).
// Load(MarshalJSON(c)) is equal to c.
func (c *Catalog) MarshalJSON() ([]byte, error) {
	doc := struct {
		Ingredients  []ingredientJSON  `json:"ingredients"`
		Groups       []groupJSON       `json:"groups"`
		Preparations []preparationJSON `json:"preparations"`
		Methods      []methodJSON      `json:"methods"`
		Techniques   []techniqueJSON   `json:"techniques"`
		Session      []rangeJSON       `json:"session"`
	}{
		Ingredients:  mapAll(c.ingredients, Ingredient.toJSON),
		Groups:       mapAll(c.groups, Group.toJSON),
		Preparations: mapAll(c.preparations, Preparation.toJSON),
		Methods:      mapAll(c.methods, Method.toJSON),
		Techniques:   mapAll(c.techniques, Technique.toJSON),
		Session:      mapAll(c.session, Range.toJSON),
	}
	return strictjson.Marshal(doc)
}

// mapAll converts every element; an empty list becomes [] rather than null.
func mapAll[T, U any](s []T, f func(T) U) []U {
	out := make([]U, len(s))
	for i, v := range s {
		out[i] = f(v)
	}
	return out
}

func (i Ingredient) toJSON() ingredientJSON {
	return ingredientJSON{
		ID: i.ID, Name: i.Name, Class: i.Class.String(), Unspecified: i.Unspecified,
		Effects: effectsJSON(i.Effects), Notes: i.Notes, Sources: nonNil(i.Sources),
	}
}

func (g Group) toJSON() groupJSON {
	return groupJSON{ID: g.ID, Name: g.Name, Members: nonNil(g.Members), Notes: g.Notes, Sources: nonNil(g.Sources)}
}

func (p Preparation) toJSON() preparationJSON {
	return preparationJSON{
		ID: p.ID, Name: p.Name, Maker: p.Maker, Country: p.Country, Kind: p.Kind.String(),
		Uses:        mapAll(p.Uses, Use.String),
		Ingredients: nonNil(p.Ingredients),
		Indications: mapAll(p.Indications, Indication.String),
		Sex:         p.Sex.String(),
		Effects:     effectsJSON(p.Effects),
		Notes:       p.Notes,
		Sources:     nonNil(p.Sources),
	}
}

func (m Method) toJSON() methodJSON {
	return methodJSON{
		ID: m.ID, Name: m.Name, Invasive: m.Invasive, Description: m.Description,
		Ranges: rangesJSON(m.Ranges), Sources: nonNil(m.Sources),
	}
}

func (t Technique) toJSON() techniqueJSON {
	return techniqueJSON{
		ID: t.ID, Name: t.Name, Description: t.Description,
		Ranges: rangesJSON(t.Ranges), Sources: nonNil(t.Sources),
	}
}

func (r Range) toJSON() rangeJSON {
	return rangeJSON{Quantity: r.Quantity.String(), Min: r.Min, Max: r.Max, Stated: r.Stated, Sources: nonNil(r.Sources)}
}

func (e Effect) toJSON() effectJSON { return effectJSON{Text: e.Text, Sources: nonNil(e.Sources)} }

// effectsJSON and rangesJSON leave an empty optional list out of the JSON.
func effectsJSON(es []Effect) []effectJSON {
	if len(es) == 0 {
		return nil
	}
	return mapAll(es, Effect.toJSON)
}

func rangesJSON(rs []Range) []rangeJSON {
	if len(rs) == 0 {
		return nil
	}
	return mapAll(rs, Range.toJSON)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
