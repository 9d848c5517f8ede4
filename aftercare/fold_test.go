package aftercare

import (
	"bytes"
	"testing"

	"github.com/mesokit/meso/internal/jsontest"
)

// Every key of the policy's schema, in other letters, is refused by name:
// "DURATION" must not shorten the no-washing window.
func TestFoldedKeysRefused(t *testing.T) {
	doc, err := DefaultPolicy().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	jsontest.CheckFoldedKeys(t, [][]byte{doc}, func(b []byte) error {
		_, err := LoadPolicy(bytes.NewReader(b))
		return err
	}, policyJSON{}, ruleJSON{}, leadJSON{})
}
