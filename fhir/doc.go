// Package fhir reads a patient's health record as an HL7 FHIR R4 Bundle
// (JSON) into a screening.Intake, and screens it, without losing or assuming
// anything on the way.
//
// # Reading a record
//
// Read takes a Bundle of Patient, Condition, MedicationStatement,
// MedicationRequest, Medication, AllergyIntolerance and Observation
// resources and returns a Record: the Intake built from what it recognises,
// and a Question for everything it could not use. Codes map to meso's vocabulary
// through Codes, a table kept as data in which every row names the code
// system, the code (or an ICD-10 category range, or an ATC group matched as
// a prefix) and its display as the code system gives it. Only codes the
// table lists are recognised; nothing is matched by its words.
//
// Two promises hold for every Record:
//
//   - Nothing assumed: a question the record does not answer (a patient
//     who is not male with no pregnancy or breastfeeding status, a
//     condition without a clinical status, a stopped medicine without a last
//     dose) is a Question of kind NotRecorded: "not recorded: ask". It is never
//     read as "no".
//   - Nothing lost: a resource, code or status that meso does not map is a
//     Question of kind NotRecognised or Ignored, naming the entry, the resource
//     by type and id, the element and the code. An active condition or a
//     medicine taken that no row maps is NotRecognised: "not recognised:
//     check by hand".
//
// # Screening a record
//
// Screen reads a Bundle and screens its Intake with screening.Screen. The
// screening.Result is kept whole, exactly as screening gives it for the
// intake; the Result around it adds the Questions and a Verdict that is the
// screening's verdict raised to at least Caution when any Question cautions.
// screening knows nothing of FHIR, so a caution for "not recorded: ask"
// lives here, not among the policy's findings.
//
// # Writing a plan back
//
// WritePlan writes a planned course as a Bundle the record can take in: a
// CarePlan with the cadence, one activity per session and one per aftercare
// restriction (with its period), an Appointment per session and for the
// test injection (proposed, booked, fulfilled, cancelled or noshow as the
// course's log says), and a DetectedIssue per screening finding. Every
// reference is to a urn:uuid fullUrl of the Bundle or to the patient. Every
// Bundle WritePlan writes is checked in CI by an independent FHIR R4
// implementation (Google's, in the module interop/fhirgo), for plans of
// every protocol.
//
// # Errors
//
// A Bundle that is not valid FHIR JSON, or that meso cannot read without
// guessing (a birthDate that is not a date, two Patients), is an *meso.FieldError
// naming the entry and element, as in entry[3].resource.birthDate. JSON is
// read by meso's one strict decoder: a key given twice, a key in other
// letters or nesting too deep is an error everywhere, and inside the
// elements meso reads, an unknown element is too. Elements meso does not
// read (text, meta, identifier, extension, …) are passed over; a
// modifierExtension, which FHIR says may change the meaning of what holds
// it, is an error, since meso cannot tell what it changes.
package fhir
