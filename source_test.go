package meso

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTagsAreTheSeedFiles(t *testing.T) {
	want := []string{
		"000_7934046213d2aa4f.txt",
		"001_47773e55ef5146b0.txt",
		"002_6bebe3655e9b3749.txt",
		"003_b19efbb529b7b722.txt",
		"004_9a93728177cef214.txt",
	}
	got := Sources()
	if len(got) != len(want) {
		t.Fatalf("Sources() has %d documents, want %d", len(got), len(want))
	}
	for i := range want {
		title, err := SourceTitle(got[i])
		if got[i] != want[i] || !KnownSource(got[i]) || title == "" || err != nil {
			t.Errorf("Sources()[%d] = %q (known %v, title %q, %v), want %q with a title", i, got[i], KnownSource(got[i]), title, err, want[i])
		}
	}
	for _, s := range []string{"", "S2", "002_6bebe3655e9b3749", "clinic-policy"} {
		if KnownSource(s) {
			t.Errorf("KnownSource(%q) = true, want false", s)
		}
		title, err := SourceTitle(s)
		var fe *FieldError
		if title != "" || !errors.Is(err, ErrUnknown) || !errors.As(err, &fe) || fe.Field != "source" || fe.Value != s {
			t.Errorf("SourceTitle(%q) = %q, %v; want a *FieldError at source with the name, wrapping ErrUnknown", s, title, err)
			continue
		}
		for _, name := range want {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("SourceTitle(%q)'s error %q does not list %s", s, err, name)
			}
		}
	}
}

// SOURCES.md, the project's page of its sources, names each document by its
// tag and file, and says where the documents disagree.
func TestSourcesPage(t *testing.T) {
	data, err := os.ReadFile("SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for i, name := range Sources() {
		row := fmt.Sprintf("| S%d | `%s` |", i, name)
		if !strings.Contains(page, row) {
			t.Errorf("SOURCES.md has no row %q", row)
		}
		if !strings.Contains(page, fmt.Sprintf("### S%d: ", i)) {
			t.Errorf("SOURCES.md has no section for S%d", i)
		}
	}
	for _, heading := range []string{"## Where the sources disagree, and the default", "## What is meso's own"} {
		if !strings.Contains(page, heading) {
			t.Errorf("SOURCES.md lacks %q", heading)
		}
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(SOURCES.md)") {
		t.Errorf("the README does not link SOURCES.md")
	}
}

// No Go file of the module points to a document outside it: the sources
// are cited by their tags and SOURCES.md.
func TestNoReferenceOutsideTheModule(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "." {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), "DOMAIN"+".md") {
			t.Errorf("%s cites DOMAIN"+".md, which is not in the module; cite SOURCES.md or a source tag", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
