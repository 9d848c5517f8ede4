package aftercare

import (
	"bytes"
	"github.com/mesokit/meso/internal/strictjson"
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

// Decoding a hostile document of the largest size accepted, nested to the
// depth limit or far past it, costs memory linear in its size.
func TestDecodeMemoryIsLinear(t *testing.T) {
	t.Run("policy", func(t *testing.T) {
		jsontest.CheckMemory(t, "restrictions", MaxPolicyBytes, strictjson.MaxDepth, func(data []byte) error {
			_, err := LoadPolicy(bytes.NewReader(data))
			return err
		})
	})
}

func BenchmarkDecodeDeep(b *testing.B) {
	for _, tc := range []struct {
		name string
		doc  []byte
	}{{"at-the-limit", jsontest.Deep("restrictions", MaxPolicyBytes, strictjson.MaxDepth)}, {"past-the-limit", jsontest.Deep("restrictions", MaxPolicyBytes, MaxPolicyBytes/2-16)}} {
		b.Run("policy"+"/"+tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.doc)))
			b.ReportAllocs()
			for b.Loop() {
				_ = func(data []byte) error {
					_, err := LoadPolicy(bytes.NewReader(data))
					return err
				}(tc.doc)
			}
		})
	}
}
