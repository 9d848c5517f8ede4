// Package fhirgo checks the FHIR R4 Bundles meso writes, and the sample
// record it ships, with an independent implementation: Google's FHIR
// library (github.com/google/fhir/go), whose R4 jsonformat Unmarshaller
// parses and validates every resource. It is a module of its own so that
// importers of meso never see that library.
package fhirgo
