package source

import "testing"

func TestTagsAreTheSeedFiles(t *testing.T) {
	want := []string{
		"000_7934046213d2aa4f.txt",
		"001_47773e55ef5146b0.txt",
		"002_6bebe3655e9b3749.txt",
		"003_b19efbb529b7b722.txt",
		"004_9a93728177cef214.txt",
	}
	got := All()
	if len(got) != len(want) {
		t.Fatalf("All() has %d documents, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] || !Known(got[i]) || Title(got[i]) == "" {
			t.Errorf("All()[%d] = %q (known %v), want %q with a title", i, got[i], Known(got[i]), want[i])
		}
	}
	for _, s := range []string{"", "S2", "002_6bebe3655e9b3749", "clinic-policy"} {
		if Known(s) {
			t.Errorf("Known(%q) = true, want false", s)
		}
	}
}
