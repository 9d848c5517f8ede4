package jsontest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Every variant is one that encoding/json reads as the key itself: the
// documents FoldedKeys makes are ones that fool a lenient decoder.
func TestVariantsFoolEncodingJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.StringMatching(`[a-z][a-z_]{0,15}`).Draw(t, "key")
		typ := reflect.StructOf([]reflect.StructField{{Name: "F", Type: reflect.TypeFor[int](), Tag: reflect.StructTag(`json:"` + key + `"`)}})
		vs := Variants(key)
		if len(vs) == 0 {
			t.Fatalf("no variant of %q", key)
		}
		for _, v := range vs {
			if v == key || !strings.EqualFold(v, key) {
				t.Fatalf("variant %q of %q: want another spelling that folds to it", v, key)
			}
			p := reflect.New(typ)
			if err := json.Unmarshal([]byte(`{"`+v+`": 7}`), p.Interface()); err != nil {
				t.Fatal(err)
			}
			if got := p.Elem().Field(0).Int(); got != 7 {
				t.Fatalf("encoding/json read %q as %q: F = %d, want 7", v, key, got)
			}
		}
	})
}

func TestFoldedKeys(t *testing.T) {
	doc := []byte(`{"id": "a", "list": [{"n": 1}, {"n": 2}, {"n": 3, "m": [true]}]}`)
	cases, err := FoldedKeys(doc)
	if err != nil {
		t.Fatal(err)
	}
	// id and list have two variants each (ID, iD; LIST, liſt); n and m one
	// (N, M); n is changed in the first entry of its shape and in the third,
	// whose keys differ; each variant alone and beside the key.
	if got, want := len(cases), (2+2+1+1+1)*2; got != want {
		t.Errorf("%d cases, want %d", got, want)
	}
	for _, c := range cases {
		var v any
		if err := json.Unmarshal(c.Doc, &v); err != nil {
			t.Errorf("%s: not JSON: %v\n%s", c.Name, err, c.Doc)
		}
		if !strings.Contains(string(c.Doc), `"`+c.Key+`"`) {
			t.Errorf("%s: the document does not hold the key", c.Name)
		}
	}
	if got := Names(struct {
		A int `json:"a"`
		B []struct {
			C string `json:"c,omitempty"`
		} `json:"b"`
		D int `json:"-"`
	}{}); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("Names = %q, want a, b, c", got)
	}
}

func TestDeep(t *testing.T) {
	for _, depth := range []int{2, 64, 1000} {
		doc := Deep("k", 4096, depth)
		if len(doc) > 4096 || len(doc) < 4096-16 && depth < 1000 {
			t.Errorf("Deep(k, 4096, %d) is %d bytes", depth, len(doc))
		}
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Errorf("Deep(k, 4096, %d): %v", depth, err)
		}
		got := 0
		for x := v.(map[string]any)["k"]; ; got++ {
			a, ok := x.([]any)
			if !ok || len(a) == 0 {
				break
			}
			x = a[0]
		}
		if got+1 != depth {
			t.Errorf("Deep(k, 4096, %d) nests %d levels", depth, got+1)
		}
	}
}
