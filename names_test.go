package meso_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// sharedNames are the exported type names that more than one public package
// of the module declares, each with why the repeat is one meaning (or why it
// is allowed for now). Any other repeat fails TestOneMeaningPerName.
var sharedNames = map[string]string{
	"Policy":     "screening and aftercare: the clinic's chosen rules and durations, defaulting to the strictest stated values (both named strictest-stated)",
	"Result":     "screening and fhir: the result of screening; fhir's holds screening's whole and adds the record's questions",
	"Date":       "meso and course: course's is an alias of meso.Date, kept until course is split (issue 14)",
	"DateRange":  "meso and course: course's is an alias of meso.DateRange, kept until course is split (issue 14)",
	"FieldError": "meso and course: course's is an alias of meso.FieldError, kept until course is split (issue 14)",
	"Severity":   "screening (absolute, relative, temporary) and course (an adverse event's): course's is being renamed (issue 14)",
	"Window":     "aftercare (a restriction's span) and course (the days the next session may take): one of them still to be renamed (issue 14)",
}

// No two public packages of the module declare an exported type of the same
// name, except the repeats listed in sharedNames.
func TestOneMeaningPerName(t *testing.T) {
	declared := map[string][]string{} // type name -> packages
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != "." && (strings.HasPrefix(name, ".") || name == "internal" || name == "examples" || name == "testdata" || name == "benchmarks" || name == "interop") {
			return filepath.SkipDir
		}
		entries, err := os.ReadDir(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(path, e.Name()), nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				g, ok := decl.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, spec := range g.Specs {
					if ts := spec.(*ast.TypeSpec); ts.Name.IsExported() && !slices.Contains(declared[ts.Name.Name], path) {
						declared[ts.Name.Name] = append(declared[ts.Name.Name], path)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range declared {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if pkgs := declared[name]; len(pkgs) > 1 && sharedNames[name] == "" {
			t.Errorf("type %s is declared in %s; give one of them another name, or list the repeat in sharedNames with its reason", name, strings.Join(pkgs, ", "))
		}
	}
}
