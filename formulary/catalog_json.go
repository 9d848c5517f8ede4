package formulary

import "bytes"

// UnmarshalJSON reads a catalog from its JSON form, as Load does, so that a
// Catalog saved with json.Marshal loads back as itself; a document Load
// refuses is refused with the same error, and c is left as it was.
func (c *Catalog) UnmarshalJSON(data []byte) error {
	got, err := Load(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*c = *got
	return nil
}
