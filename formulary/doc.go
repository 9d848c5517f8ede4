// Package formulary is what can be injected into the scalp and how: the
// ingredients of mesotherapy cocktails, the preparations made of them, the
// delivery methods (with the depth each reaches) and injection techniques,
// and the ranges (spacing, distance from the parting, injections, minutes)
// the sources state for a session.
//
// Every entry carries the documents it comes from, as the file names of the
// sources (002_6bebe3655e9b3749.txt is S2; SOURCES.md at the module root
// lists the five and what meso takes from each). Nothing is filled in by
// guess: the five branded cocktails of S2 have their stated effects but no
// ingredients, because no source states their composition, and an allergy
// check against them says so. What no source says but meso needs (a class,
// a group's members, a product's uses) is marked in the entry's Notes as
// "Reading:" or "Policy:".
//
// # The default catalog and a clinic's own
//
// Default returns the catalog built from the sources, embedded in the library
// as JSON. A clinic with its own products loads a catalog in the same schema
// with Load; the schema is what MarshalJSON writes, so the quickest start is
// to print the default one (go run ./examples/catalog -format json) and edit
// it. Load is strict: an unknown field, a duplicate id, a preparation naming
// an unknown ingredient, a missing source is a *meso.FieldError naming the entry
// and field, and nothing is half-loaded.
//
// # Allergies
//
// A patient's allergies are ids: of an ingredient ("procaine"), of a group
// ("b-vitamins" covers thiamine, biotin and the other B vitamins) or of a
// class ("anaesthetic"). CheckAllergies tells which of them a preparation
// contains, counting an anaesthetic when it is added to the mix (S2). Some
// ingredients are named by the sources only as a group ("a vitamin mixture");
// an allergen of that kind may be inside, and the check reports MayContain
// rather than nothing. For a preparation without a stated composition the
// check says CompositionUnknown rather than "no conflict".
//
// A Catalog is immutable and safe for concurrent use; the values its methods
// return are copies.
package formulary
