package screening

import (
	"encoding/json"
	"slices"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/internal/enum"
	"github.com/mesokit/meso/internal/strictjson"
)

// MaxResultBytes is the largest JSON form of a Result that UnmarshalJSON
// reads.
const MaxResultBytes = 1 << 20

type (
	resultJSON struct {
		Date        *string           `json:"date"`
		Preparation *string           `json:"preparation"`
		Verdict     string            `json:"verdict"`
		Until       *string           `json:"until"`
		Policy      string            `json:"policy"`
		Findings    []json.RawMessage `json:"findings"`
	}
	findingJSON struct {
		Rule     string   `json:"rule"`
		Severity string   `json:"severity"`
		Until    *string  `json:"until"`
		Message  string   `json:"message"`
		Sources  []string `json:"sources"`
	}
)

// MarshalJSON writes r as
//
//	{"date": "2027-01-10", "preparation": "greying-cocktail",
//	 "verdict": "deferred", "until": "2027-01-13", "policy": "strictest-stated",
//	 "findings": [{"rule": "menstruation", "severity": "temporary",
//	   "until": "2027-01-13", "message": "…", "sources": ["…"]}]}
//
// with null for a date or an until that is the zero Date and for no
// preparation, and [] for no findings. This is the result a course log's
// "screened" event carries.
func (r Result) MarshalJSON() ([]byte, error) {
	doc := struct {
		Date        *string       `json:"date"`
		Preparation *string       `json:"preparation"`
		Verdict     Verdict       `json:"verdict"`
		Until       *string       `json:"until"`
		Policy      string        `json:"policy"`
		Findings    []findingJSON `json:"findings"`
	}{Date: dateOrNull(r.Date), Verdict: r.Verdict, Until: dateOrNull(r.Until), Policy: r.Policy, Findings: make([]findingJSON, len(r.Findings))}
	if r.Preparation != "" {
		doc.Preparation = &r.Preparation
	}
	for i, f := range r.Findings {
		var err error
		if doc.Findings[i], err = f.toJSON(); err != nil {
			return nil, err
		}
	}
	return strictjson.Marshal(doc)
}

func (f Finding) toJSON() (findingJSON, error) {
	sev, err := f.Severity.MarshalText()
	if err != nil {
		return findingJSON{}, err
	}
	fj := findingJSON{Rule: f.Rule, Severity: string(sev), Until: dateOrNull(f.Until), Message: f.Message, Sources: f.Sources}
	if f.Sources == nil {
		fj.Sources = []string{}
	}
	return fj, nil
}

// readFinding reads the finding at path of a result's JSON ("" for one on
// its own), strictly.
func readFinding(raw []byte, path string) (Finding, error) {
	var fj findingJSON
	if err := decode(raw, &fj, path); err != nil {
		return Finding{}, err
	}
	f := Finding{Rule: fj.Rule, Message: fj.Message, Sources: slices.Clone(fj.Sources)}
	if fj.Severity == "" {
		return Finding{}, fieldErr(at(path, "severity"), "", meso.ErrMissing, "want %s", severityText.Want())
	}
	if v, ok := enum.Parse[Severity](severityText, fj.Severity); ok && v != 0 {
		f.Severity = v
	} else {
		return Finding{}, unknownErr(at(path, "severity"), fj.Severity, severityText.Want())
	}
	var err error
	if f.Until, err = nullableDate(at(path, "until"), fj.Until); err != nil {
		return Finding{}, err
	}
	return f, nil
}

// check reports the first thing wrong with f, at path ("" for a finding on
// its own), but for its rule's id, which Result.Check checks first.
func (f Finding) check(path string) error {
	if _, ok := severityText.Name(int(f.Severity)); !ok || f.Severity == 0 {
		return unknownErr(at(path, "severity"), f.Severity.String(), severityText.Want())
	}
	if !f.Until.IsZero() && f.Severity != Temporary {
		return fieldErr(at(path, "until"), f.Until.String(), meso.ErrInvalid, "only a temporary finding has an until")
	}
	if err := checkText(at(path, "message"), f.Message, MaxResultBytes, true); err != nil {
		return err
	}
	return checkSources(at(path, "sources"), f.Sources)
}

// MarshalJSON writes f as the row it is in a Result's "findings", as in
// {"rule": "menstruation", "severity": "temporary", "until": "2027-01-13",
// "message": "…", "sources": […]}, with null for an until that is the zero
// Date. A finding Result.Check would refuse (the zero Finding among them)
// is refused with the same *meso.FieldError, its field named within the
// finding ("severity").
func (f Finding) MarshalJSON() ([]byte, error) {
	if err := checkID("rule", f.Rule); err != nil {
		return nil, err
	}
	if err := f.check(""); err != nil {
		return nil, err
	}
	fj, err := f.toJSON()
	if err != nil {
		return nil, err
	}
	return strictjson.Marshal(fj)
}

// UnmarshalJSON reads a finding in the form MarshalJSON writes, as strictly
// as a Result reads one, and checks it as Result.Check does. On error f is
// left as it was.
func (f *Finding) UnmarshalJSON(data []byte) error {
	if len(data) > MaxResultBytes {
		return fieldErr("finding", "", meso.ErrTooLarge, "more than %d bytes", MaxResultBytes)
	}
	got, err := readFinding(data, "")
	if err != nil {
		return err
	}
	if err := checkID("rule", got.Rule); err != nil {
		return err
	}
	if err := got.check(""); err != nil {
		return err
	}
	*f = got
	return nil
}

func dateOrNull(d meso.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// UnmarshalJSON reads a result in the form MarshalJSON writes, strictly, and
// checks that it is one Screen could have given. A result written before
// results recorded their date and preparation has neither key: it reads
// with the zero Date and no preparation, and a course refuses it. The check: the verdict is the worst of
// the findings' (cleared with none), an until only on a deferred verdict and
// on temporary findings, and the result's until no earlier than its findings'
// and null when one is open. On error r is unchanged.
func (r *Result) UnmarshalJSON(data []byte) error {
	if len(data) > MaxResultBytes {
		return fieldErr("result", "", meso.ErrTooLarge, "more than %d bytes", MaxResultBytes)
	}
	var doc resultJSON
	if err := decode(data, &doc, ""); err != nil {
		return err
	}
	var res Result
	var err error
	if doc.Verdict == "" {
		return fieldErr("verdict", "", meso.ErrMissing, "want %s", verdictText.Want())
	}
	if v, ok := enum.Parse[Verdict](verdictText, doc.Verdict); ok && v != 0 {
		res.Verdict = v
	} else {
		return unknownErr("verdict", doc.Verdict, verdictText.Want())
	}
	if res.Date, err = nullableDate("date", doc.Date); err != nil {
		return err
	}
	if doc.Preparation != nil {
		if *doc.Preparation == "" {
			return fieldErr("preparation", "", meso.ErrInvalid, "want a preparation id, or null for none")
		}
		res.Preparation = *doc.Preparation
	}
	if res.Until, err = nullableDate("until", doc.Until); err != nil {
		return err
	}
	res.Policy = doc.Policy
	if res.Policy == oldDefaultPolicyName {
		res.Policy = DefaultPolicyName
	}
	if len(doc.Findings) > MaxRules {
		return fieldErr("findings", "", meso.ErrTooLarge, "%d findings, at most %d", len(doc.Findings), MaxRules)
	}
	for i, raw := range doc.Findings {
		f, err := readFinding(raw, index("findings", i))
		if err != nil {
			return err
		}
		res.Findings = append(res.Findings, f)
	}
	if err := res.Check(); err != nil {
		return err
	}
	*r = res
	return nil
}

// Check reports whether r is a result that Screen could have returned: a
// preparation that is an id when one is given, a deferral's until after
// the date, a known verdict, the name of the policy, each finding with its rule (once),
// a known severity, a message and sources in UTF-8, an until only on a temporary
// finding, the verdict the worst of the findings', and an until that is the
// deferral's end (none when the verdict is not deferred or a reason has no
// known end). A result that fails is a *meso.FieldError naming the field;
// decoding runs the same check, so a result Check accepts survives its JSON
// form.
func (r Result) Check() error {
	if _, ok := verdictText.Name(int(r.Verdict)); !ok || r.Verdict == 0 {
		return unknownErr("verdict", r.Verdict.String(), verdictText.Want())
	}
	if err := checkID("policy", r.Policy); err != nil {
		return err
	}
	if r.Preparation != "" {
		if err := checkID("preparation", r.Preparation); err != nil {
			return err
		}
	}
	if !r.Date.IsZero() && !r.Until.IsZero() && !r.Until.After(r.Date) {
		return fieldErr("until", r.Until.String(), meso.ErrInvalid, "not after the screening's date %s", r.Date)
	}
	if len(r.Findings) > MaxRules {
		return fieldErr("findings", "", meso.ErrTooLarge, "%d findings, at most %d", len(r.Findings), MaxRules)
	}
	worst, latest, open := Cleared, meso.Date{}, false
	for i, f := range r.Findings {
		path := index("findings", i)
		if err := checkID(path+".rule", f.Rule); err != nil {
			return err
		}
		if slices.ContainsFunc(r.Findings[:i], func(o Finding) bool { return o.Rule == f.Rule }) {
			return fieldErr(path+".rule", f.Rule, meso.ErrDuplicate, "")
		}
		if err := f.check(path); err != nil {
			return err
		}
		worst = max(worst, f.Severity.Verdict())
		if f.Severity == Temporary {
			open = open || f.Until.IsZero()
			if f.Until.After(latest) {
				latest = f.Until
			}
		}
	}
	if r.Verdict != worst {
		return fieldErr("verdict", r.Verdict.String(), meso.ErrInvalid, "the findings give %s", worst)
	}
	if want := latest; r.Verdict != Deferred || open {
		if !r.Until.IsZero() {
			return fieldErr("until", r.Until.String(), meso.ErrInvalid, "want null: the verdict is %s or a deferral has no known end", r.Verdict)
		}
	} else if r.Until.Before(want) {
		return fieldErr("until", r.Until.String(), meso.ErrInvalid, "before the until %s of a finding", want)
	}
	return nil
}

// Clone returns a copy of r that shares nothing with it: its findings and
// their sources are copied.
func (r Result) Clone() Result {
	if r.Findings == nil {
		return r
	}
	fs := make([]Finding, len(r.Findings))
	n := 0
	for _, f := range r.Findings {
		n += len(f.Sources)
	}
	sources := make([]string, 0, n)
	for i, f := range r.Findings {
		fs[i] = f
		if f.Sources != nil {
			k := len(sources)
			sources = append(sources, f.Sources...)
			fs[i].Sources = sources[k:len(sources):len(sources)]
		}
	}
	r.Findings = fs
	return r
}

func nullableDate(field string, s *string) (meso.Date, error) {
	if s == nil {
		return meso.Date{}, nil
	}
	if *s == "" {
		return meso.Date{}, fieldErr(field, "", meso.ErrInvalid, "want a date written YYYY-MM-DD, or null")
	}
	return parseDate(field, *s)
}
