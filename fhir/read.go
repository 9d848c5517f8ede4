package fhir

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mesokit/meso"
	"github.com/mesokit/meso/formulary"
	"github.com/mesokit/meso/internal/strictjson"
	"github.com/mesokit/meso/screening"
)

// Record is what Read makes of a Bundle: the Intake built from what it
// recognises, and every Question, in the order of the entries (the record-wide
// ones last).
type Record struct {
	Intake    screening.Intake `json:"intake"`
	Questions []Question       `json:"questions"`
	// Facts say which resource each fact of the Intake comes from, in the
	// order of the entries; one fact may come from several resources.
	Facts []Fact `json:"facts"`
}

// Fact is one fact of an Intake and the resource of the record it comes
// from. Exactly one of the fields after Resource is set.
type Fact struct {
	Entry int `json:"entry"` // the index of the Bundle entry
	// Resource is the resource as the record names it, "Type/id", or its
	// type alone when it has no id.
	Resource string `json:"resource"`
	// The fact: one of these is set, and only it is written in JSON.
	Condition    screening.Condition       `json:"condition,omitzero"`
	Indication   formulary.Indication      `json:"indication,omitzero"`
	Medication   screening.MedicationClass `json:"medication,omitzero"`
	Pregnant     bool                      `json:"pregnant,omitzero"`
	Lactating    bool                      `json:"lactating,omitzero"`
	Menstruation meso.DateRange            `json:"menstruation,omitzero"`
	Allergy      string                    `json:"allergy,omitzero"`       // a catalog id
	OtherAllergy string                    `json:"other_allergy,omitzero"` // in the record's words
	Reaction     screening.Reaction        `json:"reaction,omitzero"`
}

// Cautions reports whether any gap raises the verdict to Caution.
func (r Record) Cautions() bool {
	return slices.ContainsFunc(r.Questions, func(g Question) bool { return g.Caution })
}

// The FHIR data types meso reads, with the elements it reads. Decoding
// into them is strict: an element they do not have is an error, so that
// nothing inside what meso reads is passed over.
type coding struct {
	ID           string            `json:"id"`
	Extension    []json.RawMessage `json:"extension"`
	System       string            `json:"system"`
	Version      string            `json:"version"`
	Code         string            `json:"code"`
	Display      string            `json:"display"`
	UserSelected *bool             `json:"userSelected"`
}

type codeableConcept struct {
	ID        string            `json:"id"`
	Extension []json.RawMessage `json:"extension"`
	Coding    []coding          `json:"coding"`
	Text      string            `json:"text"`
}

type period struct {
	ID        string            `json:"id"`
	Extension []json.RawMessage `json:"extension"`
	Start     string            `json:"start"`
	End       string            `json:"end"`
}

type reference struct {
	ID         string            `json:"id"`
	Extension  []json.RawMessage `json:"extension"`
	Reference  string            `json:"reference"`
	Type       string            `json:"type"`
	Identifier json.RawMessage   `json:"identifier"`
	Display    string            `json:"display"`
}

// object is a resource or an entry, element by element: its elements are
// decoded one by one, each strictly, and the rest are passed over.
type object struct {
	path   string
	fields map[string]json.RawMessage
}

// get decodes the element name into v, if present, and reports whether it
// was.
func (o object) get(name string, v any) (bool, error) {
	raw, ok := o.fields[name]
	if !ok {
		return false, nil
	}
	if err := strictjson.Decode(raw, v); err != nil {
		p := o.path + "." + name
		var se *strictjson.Error
		if errors.As(err, &se) && se.Path != "" {
			if strings.HasPrefix(se.Path, "[") {
				p += se.Path
			} else {
				p += "." + se.Path
			}
			return true, &meso.FieldError{Field: p, Err: fmt.Errorf("%w: %w", meso.ErrInvalid, se.Err)}
		}
		return true, &meso.FieldError{Field: p, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, unwrapStrict(err))}
	}
	return true, nil
}

func unwrapStrict(err error) error {
	var se *strictjson.Error
	if errors.As(err, &se) {
		return se.Err
	}
	return err
}

func (o object) str(name string) (string, error) {
	var s string
	_, err := o.get(name, &s)
	return s, err
}

func (o object) concept(name string) (*codeableConcept, error) {
	var c codeableConcept
	ok, err := o.get(name, &c)
	if !ok || err != nil {
		return nil, err
	}
	return &c, nil
}

// Read reads a FHIR R4 Bundle in JSON and returns the Record it makes.
// The Bundle holds exactly one Patient, with a birthDate that is a day
// (YYYY-MM-DD); the other resources refer to it (subject or patient) by its
// fullUrl or as Patient/id. What Read makes of each resource, and the Questions
// it reports, are documented on the package. A Bundle that is not one is an
// *meso.FieldError naming the entry and element.
func Read(r io.Reader) (Record, error) {
	data, err := strictjson.ReadAll(r, MaxBundleBytes)
	if err != nil {
		if errors.Is(err, strictjson.ErrTooLarge) {
			return Record{}, &meso.FieldError{Err: fmt.Errorf("%w: more than %d bytes", meso.ErrTooLarge, MaxBundleBytes)}
		}
		return Record{}, &meso.FieldError{Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
	}
	var top map[string]json.RawMessage
	if err := strictjson.Decode(data, &top); err != nil {
		return Record{}, strictError("", err)
	}
	b := object{fields: top}
	rt, err := b.str("resourceType")
	if err != nil {
		return Record{}, err
	}
	if rt != "Bundle" {
		return Record{}, fail("resourceType", rt, meso.ErrInvalid, "want a Bundle")
	}
	if err := noModifiers(b, "resourceType"); err != nil {
		return Record{}, err
	}
	var entries []map[string]json.RawMessage
	if _, err := b.get("entry", &entries); err != nil {
		return Record{}, err
	}
	if len(entries) > MaxEntries {
		return Record{}, fail("entry", "", meso.ErrTooLarge, "%d entries, at most %d", len(entries), MaxEntries)
	}
	rd := reader{}
	if err := rd.index(entries); err != nil {
		return Record{}, err
	}
	if err := rd.patient(); err != nil {
		return Record{}, err
	}
	for i := range rd.res {
		if i == rd.pat {
			continue
		}
		if err := rd.resource(i); err != nil {
			return Record{}, err
		}
	}
	rd.finish()
	return Record{Intake: rd.in, Questions: rd.gaps, Facts: rd.facts}, nil
}

// strictError turns an error of the strict decoder at the top of the
// document into an *meso.FieldError.
func strictError(prefix string, err error) error {
	var se *strictjson.Error
	if errors.As(err, &se) {
		p := prefix
		switch {
		case se.Path == "":
		case p == "" || strings.HasPrefix(se.Path, "["):
			p += se.Path
		default:
			p += "." + se.Path
		}
		return &meso.FieldError{Field: p, Err: fmt.Errorf("%w: %w", meso.ErrInvalid, se.Err)}
	}
	return &meso.FieldError{Field: prefix, Err: fmt.Errorf("%w: %v", meso.ErrInvalid, err)}
}

// noModifiers refuses a modifierExtension: FHIR says it may change the
// meaning of the element that holds it, and meso cannot tell how.
func noModifiers(o object, _ string) error {
	if _, ok := o.fields["modifierExtension"]; ok {
		return fail(join(o.path, "modifierExtension"), "", meso.ErrInvalid, "a modifier extension may change what the element means, and meso cannot read it")
	}
	if _, ok := o.fields["implicitRules"]; ok {
		return fail(join(o.path, "implicitRules"), "", meso.ErrInvalid, "the resource was made under rules meso cannot read")
	}
	return nil
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

type reader struct {
	res      []object // each entry's resource
	types    []string
	ids      []string
	fullURLs []string
	pat      int // the Patient's entry
	in       screening.Intake
	gaps     []Question
	facts    []Fact
	// answers
	pregnancy, lactation          bool // answered
	pregnancyUnknown, lactUnknown int  // the entry that answered "unknown", or -1
}

func (rd *reader) index(entries []map[string]json.RawMessage) error {
	rd.pat = -1
	rd.pregnancyUnknown, rd.lactUnknown = -1, -1
	for i, e := range entries {
		ep := fmt.Sprintf("entry[%d]", i)
		eo := object{path: ep, fields: e}
		if err := noModifiers(eo, ""); err != nil {
			return err
		}
		full, err := eo.str("fullUrl")
		if err != nil {
			return err
		}
		var rawRes map[string]json.RawMessage
		ok, err := eo.get("resource", &rawRes)
		if err != nil {
			return err
		}
		if !ok || rawRes == nil {
			return fail(ep+".resource", "", meso.ErrMissing, "an entry without a resource")
		}
		ro := object{path: ep + ".resource", fields: rawRes}
		rt, err := ro.str("resourceType")
		if err != nil {
			return err
		}
		if rt == "" {
			return fail(ro.path+".resourceType", "", meso.ErrMissing, "a resource must say its type")
		}
		id, err := ro.str("id")
		if err != nil {
			return err
		}
		if err := noModifiers(ro, ""); err != nil {
			return err
		}
		if full != "" {
			if j := slices.Index(rd.fullURLs, full); j >= 0 {
				return fail(ep+".fullUrl", full, meso.ErrInvalid, "entry[%d] has it too: a reference to it would name two resources", j)
			}
		}
		rd.res = append(rd.res, ro)
		rd.types = append(rd.types, rt)
		rd.ids = append(rd.ids, id)
		rd.fullURLs = append(rd.fullURLs, full)
		if rt == "Patient" {
			if rd.pat >= 0 {
				return fail(ep+".resource", "", meso.ErrInvalid, "a second Patient (the first is entry[%d]): a record is of one patient", rd.pat)
			}
			rd.pat = i
		}
	}
	if rd.pat < 0 {
		return fail("entry", "", meso.ErrMissing, "no Patient in the Bundle")
	}
	return nil
}

// name returns the resource as "Type/id".
func (rd *reader) name(i int) string {
	if rd.ids[i] == "" {
		return rd.types[i]
	}
	return rd.types[i] + "/" + rd.ids[i]
}

func (rd *reader) gap(g Question) { rd.gaps = append(rd.gaps, g) }

func (rd *reader) fact(i int, f Fact) {
	f.Entry, f.Resource = i, rd.name(i)
	rd.facts = append(rd.facts, f)
}

func (rd *reader) patient() error {
	p := rd.res[rd.pat]
	bd, err := p.str("birthDate")
	if err != nil {
		return err
	}
	if bd == "" {
		return fail(p.path+".birthDate", "", meso.ErrMissing, "screening counts age from the birth date")
	}
	d, err := meso.ParseDate(bd)
	if err != nil {
		return fail(p.path+".birthDate", bd, meso.ErrInvalid, "want a day written YYYY-MM-DD; a year or a month alone does not give the age on a day")
	}
	rd.in.BirthDate = d
	g, err := p.str("gender")
	if err != nil {
		return err
	}
	switch g {
	case "female":
		rd.in.Sex = formulary.Female
	case "male":
		rd.in.Sex = formulary.Male
	case "", "other", "unknown":
		rd.in.Sex = formulary.SexUnstated
	default:
		return fail(p.path+".gender", g, meso.ErrInvalid, "want male, female, other or unknown")
	}
	return nil
}

// subject checks that the resource at i refers to the record's patient.
func (rd *reader) subject(i int, element string, required bool) error {
	var ref reference
	ok, err := rd.res[i].get(element, &ref)
	if err != nil {
		return err
	}
	path := rd.res[i].path + "." + element
	if !ok || ref.Reference == "" {
		if required {
			return fail(path, "", meso.ErrMissing, "FHIR requires it: whose %s is this?", rd.types[i])
		}
		return nil
	}
	pid := "Patient/" + rd.ids[rd.pat]
	if ref.Reference == rd.fullURLs[rd.pat] && ref.Reference != "" ||
		rd.ids[rd.pat] != "" && (ref.Reference == pid || strings.HasSuffix(ref.Reference, "/"+pid)) {
		return nil
	}
	return fail(path+".reference", ref.Reference, meso.ErrInvalid, "not the Bundle's patient (%s): a record is of one patient", pid)
}

func (rd *reader) resource(i int) error {
	switch rd.types[i] {
	case "Condition":
		return rd.condition(i)
	case "MedicationStatement", "MedicationRequest":
		return rd.medication(i)
	case "AllergyIntolerance":
		return rd.allergy(i)
	case "Observation":
		return rd.observation(i)
	case "Medication":
		return nil // read where a medicine refers to it
	}
	rd.gap(Question{Kind: Ignored, Entry: i, Resource: rd.name(i), Message: "a " + rd.types[i] + " resource: meso does not read this type"})
	return nil
}

// status returns the code of a status CodeableConcept of an HL7 code
// system (its first coding of that system), or "" when absent.
func (rd *reader) status(i int, element, system string) (string, error) {
	c, err := rd.res[i].concept(element)
	if err != nil || c == nil {
		return "", err
	}
	for _, cd := range c.Coding {
		if cd.System == system {
			return cd.Code, nil
		}
	}
	return "", fail(rd.res[i].path+"."+element, codesOf(c), meso.ErrInvalid, "want a coding of %s", system)
}

func codesOf(c *codeableConcept) string {
	return strings.Join(codeList(c), ", ")
}

func codeList(c *codeableConcept) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, cd := range c.Coding {
		out = append(out, cd.System+"|"+cd.Code)
	}
	return out
}

const (
	conditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical"
	conditionVerify   = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
	allergyClinical   = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
	allergyVerify     = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
)

func (rd *reader) condition(i int) error {
	if err := rd.subject(i, "subject", true); err != nil {
		return err
	}
	code, err := rd.res[i].concept("code")
	if err != nil {
		return err
	}
	clinical, err := rd.status(i, "clinicalStatus", conditionClinical)
	if err != nil {
		return err
	}
	verify, err := rd.status(i, "verificationStatus", conditionVerify)
	if err != nil {
		return err
	}
	base := Question{Entry: i, Resource: rd.name(i), Codes: codeList(code)}
	switch verify {
	case "", "unconfirmed", "provisional", "differential", "confirmed":
	case "refuted", "entered-in-error":
		g := base
		g.Kind, g.Element, g.Message = Ignored, "verificationStatus", "recorded as "+verify
		rd.gap(g)
		return nil
	default:
		return fail(rd.res[i].path+".verificationStatus", verify, meso.ErrInvalid, "not a code of %s", conditionVerify)
	}
	switch clinical {
	case "active", "recurrence", "relapse":
	case "inactive", "remission", "resolved":
		g := base
		g.Kind, g.Element, g.Message = Ignored, "clinicalStatus", "recorded as "+clinical+": not current"
		rd.gap(g)
		return nil
	case "":
		g := base
		g.Kind, g.Element, g.Caution = NotRecorded, "clinicalStatus", true
		g.Message = "clinical status not recorded: ask whether it is current (" + conceptWords(code) + ")"
		rd.gap(g)
		return nil
	default:
		return fail(rd.res[i].path+".clinicalStatus", clinical, meso.ErrInvalid, "not a code of %s", conditionClinical)
	}
	if code == nil || len(code.Coding) == 0 {
		g := base
		g.Kind, g.Element, g.Caution = NotRecognised, "code", true
		g.Message = "an active condition without a code (" + conceptWords(code) + "): not recognised, check by hand"
		rd.gap(g)
		return nil
	}
	mapped := false
	var unmapped []string
	for k, cd := range code.Coding {
		path := fmt.Sprintf("%s.code.coding[%d]", rd.res[i].path, k)
		switch cd.System {
		case ConditionSystem:
			var c screening.Condition
			if err := c.UnmarshalText([]byte(cd.Code)); err != nil {
				return fail(path+".code", cd.Code, meso.ErrInvalid, "not a meso condition")
			}
			rd.addCondition(c)
			rd.fact(i, Fact{Condition: c})
			mapped = true
			continue
		case IndicationSystem:
			var ind formulary.Indication
			if err := ind.UnmarshalText([]byte(cd.Code)); err != nil {
				return fail(path+".code", cd.Code, meso.ErrInvalid, "not a meso indication")
			}
			if !slices.Contains(rd.in.Indications, ind) {
				rd.in.Indications = append(rd.in.Indications, ind)
			}
			rd.fact(i, Fact{Indication: ind})
			mapped = true
			continue
		}
		rows := Matching(cd.System, cd.Code)
		for _, row := range rows {
			switch row.Meaning {
			case MeansCondition:
				rd.addCondition(row.Condition)
				rd.fact(i, Fact{Condition: row.Condition})
				mapped = true
			case MeansPregnant:
				rd.in.Pregnant, rd.pregnancy = true, true
				rd.fact(i, Fact{Pregnant: true})
				mapped = true
			}
		}
		if len(rows) == 0 {
			unmapped = append(unmapped, cd.System+"|"+cd.Code)
		}
	}
	if !mapped {
		g := base
		g.Kind, g.Element, g.Caution = NotRecognised, "code", true
		g.Message = "an active condition meso does not map (" + conceptWords(code) + "): not recognised, check by hand"
		rd.gap(g)
	} else if len(unmapped) > 0 {
		g := base
		g.Kind, g.Element, g.Codes = Ignored, "code", unmapped
		g.Message = "codes beside the ones mapped, not mapped themselves"
		rd.gap(g)
	}
	return nil
}

func (rd *reader) addCondition(c screening.Condition) {
	if !slices.Contains(rd.in.Conditions, c) {
		rd.in.Conditions = append(rd.in.Conditions, c)
	}
}

// conceptWords returns what a CodeableConcept says in words: its text,
// else its codings' displays, else its codes.
func conceptWords(c *codeableConcept) string {
	if c == nil {
		return "no code"
	}
	if c.Text != "" {
		return c.Text
	}
	var ws []string
	for _, cd := range c.Coding {
		if cd.Display != "" {
			ws = append(ws, cd.Display)
		} else {
			ws = append(ws, cd.System+"|"+cd.Code)
		}
	}
	if len(ws) == 0 {
		return "no code"
	}
	return strings.Join(ws, "; ")
}

func (rd *reader) medication(i int) error {
	if err := rd.subject(i, "subject", true); err != nil {
		return err
	}
	o := rd.res[i]
	status, err := o.str("status")
	if err != nil {
		return err
	}
	isStatement := rd.types[i] == "MedicationStatement"
	code, err := rd.medicationCode(i)
	if err != nil {
		return err
	}
	base := Question{Entry: i, Resource: rd.name(i), Codes: codeList(code)}
	taking := false
	switch status {
	case "active", "on-hold":
		taking = true
	case "intended":
		if !isStatement {
			return fail(o.path+".status", status, meso.ErrInvalid, "not a MedicationRequest status")
		}
		taking = true
	case "unknown":
		g := base
		g.Kind, g.Element, g.Caution = NotRecorded, "status", true
		g.Message = "whether the patient still takes it is not recorded: ask (read as still taken)"
		rd.gap(g)
		taking = true
	case "completed", "stopped":
	case "entered-in-error", "not-taken", "cancelled", "draft":
		if isStatement && (status == "cancelled" || status == "draft") || !isStatement && status == "not-taken" {
			return fail(o.path+".status", status, meso.ErrInvalid, "not a %s status", rd.types[i])
		}
		g := base
		g.Kind, g.Element, g.Message = Ignored, "status", "recorded as "+status
		rd.gap(g)
		return nil
	case "":
		return fail(o.path+".status", "", meso.ErrMissing, "FHIR requires a status")
	default:
		return fail(o.path+".status", status, meso.ErrInvalid, "not a %s status", rd.types[i])
	}
	var last meso.Date
	if !taking {
		last, err = rd.lastDose(i, isStatement, base)
		if err != nil {
			return err
		}
	}
	var classes []screening.MedicationClass
	var unmapped []string
	if code != nil {
		for k, cd := range code.Coding {
			if cd.System == MedicationClassSystem {
				var m screening.MedicationClass
				if err := m.UnmarshalText([]byte(cd.Code)); err != nil {
					return fail(fmt.Sprintf("%s.coding[%d].code", o.path+".medication", k), cd.Code, meso.ErrInvalid, "not a meso medication class")
				}
				classes = append(classes, m)
				continue
			}
			rows := Matching(cd.System, cd.Code)
			for _, row := range rows {
				if row.Meaning == MeansMedication {
					classes = append(classes, row.Medication)
				}
			}
			if len(rows) == 0 {
				unmapped = append(unmapped, cd.System+"|"+cd.Code)
			}
		}
	}
	if len(classes) == 0 {
		g := base
		g.Kind, g.Element = NotRecognised, "medication"
		if taking || !last.IsZero() {
			g.Caution = true
		}
		g.Message = "a medicine meso does not map (" + conceptWords(code) + "): not recognised, check by hand"
		rd.gap(g)
		return nil
	}
	if len(unmapped) > 0 {
		g := base
		g.Kind, g.Element, g.Codes = Ignored, "medication", unmapped
		g.Message = "codes beside the ones mapped, not mapped themselves"
		rd.gap(g)
	}
	for _, c := range classes {
		m := screening.Medication{Class: c, LastDose: last}
		if !slices.Contains(rd.in.Medications, m) {
			rd.in.Medications = append(rd.in.Medications, m)
		}
		rd.fact(i, Fact{Medication: c})
	}
	return nil
}

// medicationCode returns the medicine's code: medicationCodeableConcept,
// or the code of the Medication that medicationReference names in the
// Bundle.
func (rd *reader) medicationCode(i int) (*codeableConcept, error) {
	o := rd.res[i]
	c, err := o.concept("medicationCodeableConcept")
	if err != nil || c != nil {
		return c, err
	}
	var ref reference
	ok, err := o.get("medicationReference", &ref)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fail(o.path+".medication[x]", "", meso.ErrMissing, "FHIR requires the medicine")
	}
	for j := range rd.res {
		if rd.types[j] != "Medication" {
			continue
		}
		if ref.Reference != "" && (ref.Reference == rd.fullURLs[j] || ref.Reference == "Medication/"+rd.ids[j] || strings.HasSuffix(ref.Reference, "/Medication/"+rd.ids[j])) {
			mc, err := rd.res[j].concept("code")
			if err != nil {
				return nil, err
			}
			if mc == nil {
				mc = &codeableConcept{}
			}
			return mc, nil
		}
	}
	return nil, fail(o.path+".medicationReference.reference", ref.Reference, meso.ErrInvalid, "no Medication of the Bundle has it")
}

// lastDose reads when a medicine no longer taken was last taken: the end of
// the effectivePeriod, or effectiveDateTime. Without one the medicine is
// read as still taken and the gap says so.
func (rd *reader) lastDose(i int, isStatement bool, base Question) (meso.Date, error) {
	o := rd.res[i]
	var text, path string
	if isStatement {
		var p period
		ok, err := o.get("effectivePeriod", &p)
		if err != nil {
			return meso.Date{}, err
		}
		if ok {
			text, path = p.End, o.path+".effectivePeriod.end"
		} else {
			text, err = o.str("effectiveDateTime")
			if err != nil {
				return meso.Date{}, err
			}
			path = o.path + ".effectiveDateTime"
		}
	}
	if text == "" {
		g := base
		g.Kind, g.Element, g.Caution = NotRecorded, "effective[x]", true
		g.Message = "stopped, but the last dose is not recorded: ask (read as still taken)"
		rd.gap(g)
		return meso.Date{}, nil
	}
	d, full, err := fhirDate(text)
	if err != nil {
		return meso.Date{}, fail(path, text, meso.ErrInvalid, "want a FHIR date or dateTime")
	}
	if !full {
		g := base
		g.Kind, g.Element, g.Caution = NotRecorded, "effective[x]", true
		g.Message = "the last dose is recorded only as " + text + ": ask the day (read as still taken)"
		rd.gap(g)
		return meso.Date{}, nil
	}
	return d, nil
}

// fhirDate reads a FHIR date or dateTime: the day it names as written,
// in its own offset, and whether it names a day at all (a year or a month
// alone does not).
func fhirDate(s string) (meso.Date, bool, error) {
	switch {
	case len(s) == 4 || len(s) == 7:
		if _, err := meso.ParseDate(s + "-01-01"[:10-len(s)]); err != nil {
			return meso.Date{}, false, err
		}
		return meso.Date{}, false, nil
	case len(s) == 10:
		d, err := meso.ParseDate(s)
		return d, err == nil, err
	case len(s) > 10 && s[10] == 'T':
		d, err := meso.ParseDate(s[:10])
		if err != nil {
			return meso.Date{}, false, err
		}
		if !validClock(s[11:]) {
			return meso.Date{}, false, errors.New("bad time")
		}
		return d, true, nil
	}
	return meso.Date{}, false, errors.New("not a date")
}

// validClock checks hh:mm:ss[.fff](Z|±hh:mm), as a FHIR dateTime with a
// time must end.
func validClock(s string) bool {
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return false
	}
	for _, k := range []int{0, 1, 3, 4, 6, 7} {
		if !isDigit(s[k]) {
			return false
		}
	}
	if s[0:2] > "23" || s[3:5] > "59" || s[6:8] > "60" {
		return false
	}
	rest := s[8:]
	if strings.HasPrefix(rest, ".") {
		j := 1
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		if j == 1 {
			return false
		}
		rest = rest[j:]
	}
	if rest == "Z" {
		return true
	}
	if len(rest) != 6 || rest[0] != '+' && rest[0] != '-' || rest[3] != ':' {
		return false
	}
	for _, k := range []int{1, 2, 4, 5} {
		if !isDigit(rest[k]) {
			return false
		}
	}
	return rest[1:3] <= "14" && rest[4:6] <= "59"
}

func (rd *reader) allergy(i int) error {
	if err := rd.subject(i, "patient", true); err != nil {
		return err
	}
	code, err := rd.res[i].concept("code")
	if err != nil {
		return err
	}
	clinical, err := rd.status(i, "clinicalStatus", allergyClinical)
	if err != nil {
		return err
	}
	verify, err := rd.status(i, "verificationStatus", allergyVerify)
	if err != nil {
		return err
	}
	base := Question{Entry: i, Resource: rd.name(i), Codes: codeList(code)}
	switch verify {
	case "", "unconfirmed", "confirmed":
	case "refuted", "entered-in-error":
		g := base
		g.Kind, g.Element, g.Message = Ignored, "verificationStatus", "recorded as "+verify
		rd.gap(g)
		return nil
	default:
		return fail(rd.res[i].path+".verificationStatus", verify, meso.ErrInvalid, "not a code of %s", allergyVerify)
	}
	switch clinical {
	case "active":
	case "inactive", "resolved":
		g := base
		g.Kind, g.Element, g.Message = Ignored, "clinicalStatus", "recorded as "+clinical+": not current"
		rd.gap(g)
		return nil
	case "":
		g := base
		g.Kind, g.Element, g.Caution = NotRecorded, "clinicalStatus", true
		g.Message = "clinical status not recorded: ask (read as current)"
		rd.gap(g)
	default:
		return fail(rd.res[i].path+".clinicalStatus", clinical, meso.ErrInvalid, "not a code of %s", allergyClinical)
	}
	if code != nil {
		for k, cd := range code.Coding {
			path := fmt.Sprintf("%s.code.coding[%d].code", rd.res[i].path, k)
			switch cd.System {
			case AllergySystem:
				if cd.Code == "" {
					return fail(path, "", meso.ErrMissing, "an allergy id of the catalog")
				}
				if !slices.Contains(rd.in.Allergies, cd.Code) {
					rd.in.Allergies = append(rd.in.Allergies, cd.Code)
				}
				rd.fact(i, Fact{Allergy: cd.Code})
				return nil
			case ReactionSystem:
				var re screening.Reaction
				if err := re.UnmarshalText([]byte(cd.Code)); err != nil {
					return fail(path, cd.Code, meso.ErrInvalid, "not a meso reaction")
				}
				if !slices.Contains(rd.in.PriorReactions, re) {
					rd.in.PriorReactions = append(rd.in.PriorReactions, re)
				}
				rd.fact(i, Fact{Reaction: re})
				return nil
			}
		}
	}
	// Not mapped to the catalog: an allergy in the record's own words, which
	// screening names for the clinician (Intake.OtherAllergies).
	words := conceptWords(code)
	if code != nil && code.Text == "" && len(code.Coding) > 0 && code.Coding[0].Display != "" {
		words = code.Coding[0].Display
	}
	if code == nil || code.Text == "" && len(code.Coding) == 0 {
		words = "an allergy recorded without a code (" + rd.name(i) + ")"
	}
	if len(words) > meso.MaxNameLen {
		return fail(rd.res[i].path+".code", words[:40]+"…", meso.ErrTooLarge, "an allergy's words over %d bytes, more than screening takes", meso.MaxNameLen)
	}
	if !slices.Contains(rd.in.OtherAllergies, words) {
		rd.in.OtherAllergies = append(rd.in.OtherAllergies, words)
	}
	rd.fact(i, Fact{OtherAllergy: words})
	g := base
	g.Kind, g.Element = NotRecognised, "code"
	g.Message = "an allergy the catalog cannot be checked against: screened as the other allergy " + fmt.Sprintf("%q", words)
	rd.gap(g)
	return nil
}

func (rd *reader) observation(i int) error {
	if err := rd.subject(i, "subject", false); err != nil {
		return err
	}
	o := rd.res[i]
	status, err := o.str("status")
	if err != nil {
		return err
	}
	code, err := o.concept("code")
	if err != nil {
		return err
	}
	if code == nil {
		return fail(o.path+".code", "", meso.ErrMissing, "FHIR requires an observation's code")
	}
	value, err := o.concept("valueCodeableConcept")
	if err != nil {
		return err
	}
	base := Question{Entry: i, Resource: rd.name(i), Codes: codeList(code)}
	switch status {
	case "registered", "preliminary", "final", "amended", "corrected":
	case "cancelled", "entered-in-error", "unknown":
		g := base
		g.Kind, g.Element, g.Message = Ignored, "status", "recorded as "+status
		rd.gap(g)
		return nil
	case "":
		return fail(o.path+".status", "", meso.ErrMissing, "FHIR requires a status")
	default:
		return fail(o.path+".status", status, meso.ErrInvalid, "not an Observation status")
	}
	kind := ""
	for _, cd := range code.Coding {
		switch {
		case cd.System == ObservationSystem && cd.Code == "breastfeeding-status":
			kind = "lactation"
		case cd.System == ObservationSystem && cd.Code == "menstruation":
			kind = "menstruation"
		case cd.System == ObservationSystem:
			return fail(o.path+".code", cd.Code, meso.ErrInvalid, "not a meso observation")
		default:
			for _, row := range Matching(cd.System, cd.Code) {
				if row.Meaning == MeansPregnancyStatus {
					kind = "pregnancy"
				}
			}
		}
	}
	var answers []Meaning
	if value != nil {
		for _, cd := range value.Coding {
			for _, row := range Matching(cd.System, cd.Code) {
				answers = append(answers, row.Meaning)
				if kind == "" && (row.Meaning == MeansLactating || row.Meaning == MeansNotLactating) {
					kind = "lactation" // the answer list is breastfeeding status's own
				}
			}
		}
	}
	switch kind {
	case "pregnancy":
		switch {
		case slices.Contains(answers, MeansPregnant):
			rd.in.Pregnant, rd.pregnancy = true, true
			rd.fact(i, Fact{Pregnant: true})
		case slices.Contains(answers, MeansNotPregnant):
			rd.pregnancy = true
		default:
			rd.pregnancyUnknown = i
		}
	case "lactation":
		switch {
		case slices.Contains(answers, MeansLactating):
			rd.in.Lactating, rd.lactation = true, true
			rd.fact(i, Fact{Lactating: true})
		case slices.Contains(answers, MeansNotLactating):
			rd.lactation = true
		default:
			rd.lactUnknown = i
		}
	case "menstruation":
		var p period
		ok, err := o.get("effectivePeriod", &p)
		if err != nil {
			return err
		}
		if !ok {
			return fail(o.path+".effectivePeriod", "", meso.ErrMissing, "a menstruation is a period of days")
		}
		from, fullFrom, err1 := fhirDate(p.Start)
		to, fullTo, err2 := fhirDate(p.End)
		if err1 != nil || !fullFrom {
			return fail(o.path+".effectivePeriod.start", p.Start, meso.ErrInvalid, "want a day")
		}
		if err2 != nil || !fullTo {
			return fail(o.path+".effectivePeriod.end", p.End, meso.ErrInvalid, "want a day")
		}
		if to.Before(from) {
			return fail(o.path+".effectivePeriod.end", p.End, meso.ErrInvalid, "before the start %s", p.Start)
		}
		r := meso.DateRange{From: from, To: to}
		if !slices.Contains(rd.in.Menstruation, r) {
			rd.in.Menstruation = append(rd.in.Menstruation, r)
		}
		rd.fact(i, Fact{Menstruation: r})
	default:
		g := base
		g.Kind, g.Message = Ignored, "an observation meso does not read"
		rd.gap(g)
	}
	return nil
}

// finish adds the record-wide gaps: a question not answered.
func (rd *reader) finish() {
	if rd.in.Sex == formulary.Male {
		return
	}
	who := "the patient is " + map[formulary.Sex]string{formulary.Female: "female", formulary.SexUnstated: "of no stated sex"}[rd.in.Sex]
	if !rd.pregnancy {
		g := Question{Kind: NotRecorded, Entry: rd.pregnancyUnknown, Element: "Observation pregnancy status", Codes: []string{LOINC + "|82810-3"}, Caution: true,
			Message: "pregnancy not recorded: ask (" + who + ")"}
		if rd.pregnancyUnknown >= 0 {
			g.Resource = rd.name(rd.pregnancyUnknown)
			g.Message = "pregnancy status recorded as unknown: ask (" + who + ")"
		}
		rd.gap(g)
	}
	if !rd.lactation {
		g := Question{Kind: NotRecorded, Entry: rd.lactUnknown, Element: "Observation breastfeeding status", Caution: true,
			Message: "breastfeeding not recorded: ask (" + who + ")"}
		if rd.lactUnknown >= 0 {
			g.Resource = rd.name(rd.lactUnknown)
			g.Message = "breastfeeding status recorded as unknown: ask (" + who + ")"
		}
		rd.gap(g)
	}
}
