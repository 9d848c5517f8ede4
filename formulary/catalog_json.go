package formulary

import (
	"bytes"
	"fmt"

	"github.com/mesokit/meso"
)

// UnmarshalJSON reads a catalog from its JSON form, as Load does, so that a
// Catalog saved with json.Marshal loads back as itself; a document Load
// refuses is refused with the same error, and c is left as it was.
func (c *Catalog) UnmarshalJSON(data []byte) error {
	if c == defaultCatalog() {
		// Decoding into it would change every caller's catalog.
		return &meso.FieldError{Field: "catalog", Err: fmt.Errorf("%w: Default() is shared and cannot be changed; decode into a new Catalog", meso.ErrInvalid)}
	}
	got, err := Load(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*c = *got
	return nil
}
