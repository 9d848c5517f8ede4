package aftercare

import (
	"bytes"
	"testing"

	"github.com/mesokit/meso/internal/strictjson"

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

// deepDecoders are this package's decoders, each with the key of a list
// it walks and the largest input it takes.
var deepDecoders = []jsontest.Decoder{
	{Name: "policy", Key: "restrictions", Size: MaxPolicyBytes, Decode: func(data []byte) error {
		_, err := LoadPolicy(bytes.NewReader(data))
		return err
	}},
}

// Decoding a hostile document of the largest size accepted, nested to the
// depth limit or far past it, costs memory linear in its size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	jsontest.CheckMemoryOf(t, deepDecoders, strictjson.MaxDepth)
}

func BenchmarkDecodeDeep(b *testing.B) {
	jsontest.BenchmarkDeepOf(b, deepDecoders, strictjson.MaxDepth)
}
