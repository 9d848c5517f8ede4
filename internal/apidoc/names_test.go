package apidoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sameMeaning are the exported type names that more than one public package
// declares, each with the packages that may declare it and why the name means
// the same there. A repeat that is not listed fails TestOneMeaningPerName: a
// newcomer reading "Severity" or "Window" in two packages must not have to
// find out that they are different things.
var sameMeaning = map[string]struct {
	packages []string
	reason   string
}{
	"Policy": {[]string{"aftercare", "screening"},
		"the clinic's chosen rules for that package's decision, defaulting to the strictest stated values; both defaults carry the same name"},
	"Options": {[]string{"course/ics", "screening"},
		"the optional settings of the package's main call (ics.Write, screening.Screen), as the standard library's many Options are"},
	"Result": {[]string{"fhir", "screening"},
		"the outcome of screening a patient; fhir's is screening's Result for a health record, with the questions the record leaves open"},
}

// declaredTypes returns the exported type names that the non-test files of
// dir declare.
func declaredTypes(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, filepath.Join("..", "..", dir), func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
					for _, s := range g.Specs {
						if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
							names = append(names, ts.Name.Name)
						}
					}
				}
			}
		}
	}
	return names
}

func TestOneMeaningPerName(t *testing.T) {
	declaredIn := map[string][]string{}
	for _, dir := range public {
		for _, name := range declaredTypes(t, dir) {
			declaredIn[name] = append(declaredIn[name], dir)
		}
	}
	for name, dirs := range declaredIn {
		slices.Sort(dirs)
		if len(dirs) < 2 {
			continue
		}
		allowed, ok := sameMeaning[name]
		switch {
		case !ok:
			t.Errorf("type %s is declared in %s: give it one name per meaning, or list it in sameMeaning with the reason it means the same", name, strings.Join(dirs, ", "))
		case !slices.Equal(dirs, allowed.packages):
			t.Errorf("type %s is declared in %s, but sameMeaning allows it in %s", name, strings.Join(dirs, ", "), strings.Join(allowed.packages, ", "))
		}
	}
	for name, allowed := range sameMeaning {
		if len(declaredIn[name]) < 2 {
			t.Errorf("sameMeaning lists %s, which is declared in %v only: remove it from the list", name, declaredIn[name])
		}
		if allowed.reason == "" {
			t.Errorf("sameMeaning lists %s without a reason", name)
		}
	}
}

// A lookup by id or name says what went wrong: every exported function or
// method whose name starts with Lookup or Parse, and every one that takes an
// id or a name and answers with a value, returns (T, error), never (T, bool)
// or a bare T that is the zero value when nothing matched. What the error says
// (the id given and the valid ones) is tested where the lookups are.
func TestLookupsReturnErrors(t *testing.T) {
	for _, dir := range public {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, filepath.Join("..", "..", dir), func(fi os.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			for _, f := range pkg.Files {
				for _, d := range f.Decls {
					fn, ok := d.(*ast.FuncDecl)
					if !ok || !fn.Name.IsExported() || (fn.Recv != nil && !receiverExported(fn.Recv)) {
						continue
					}
					if why := lookupShape(fn); why != "" {
						t.Errorf("%s: %s %s", fset.Position(fn.Pos()), fn.Name.Name, why)
					}
				}
			}
		}
	}
}

// lookupShape says what is wrong with fn as a lookup, or "" when fn is not
// one or has the shape of one.
func lookupShape(fn *ast.FuncDecl) string {
	name := fn.Name.Name
	byID, byString := false, false
	for _, p := range fn.Type.Params.List {
		if id, ok := p.Type.(*ast.Ident); !ok || id.Name != "string" {
			continue
		}
		byString = true
		for _, n := range p.Names {
			switch n.Name {
			case "id", "name", "instruction":
				byID = true
			}
		}
	}
	named := strings.HasPrefix(name, "Lookup") || strings.HasPrefix(name, "Parse")
	if !named && !byID && !byString {
		return ""
	}
	var results []ast.Expr
	if fn.Type.Results != nil {
		for _, r := range fn.Type.Results.List {
			for range max(1, len(r.Names)) {
				results = append(results, r.Type)
			}
		}
	}
	isIdent := func(e ast.Expr, want string) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == want
	}
	switch {
	case len(results) == 2 && isIdent(results[1], "error"):
		return ""
	case len(results) == 1 && isIdent(results[0], "bool") && !named:
		return "" // a predicate, as Checklist.Has(id): it answers yes or no
	case len(results) == 2 && isIdent(results[1], "bool"):
		return "returns (T, bool): return (T, error), the error naming the id and the valid ones"
	case named:
		return "does not return (T, error)"
	case !byID:
		return "" // takes text, but is no lookup by id
	}
	return "takes an id and returns no error: return (T, error), the error naming the id and the valid ones"
}

// The shape check finds what it is meant to find.
func TestLookupShape(t *testing.T) {
	src := `package p
func LookupA(id string) (A, bool) {}
func LookupB(id string) (B, error) {}
func ParseC(s string) C {}
func (c *Cat) Item(id string) (Item, bool) {}
func (c *Cat) Rule(name string) Rule {}
func (c Checklist) Has(id string) bool {}
func (c *Cat) Good(id string) (Item, error) {}
func Other(x int) (int, bool) {}
func (p *Policy) Lead(instruction string) (Lead, bool) {}
func Find(text string) (int, bool) {}
func Format(text string) string {}
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range f.Decls {
		if fn := d.(*ast.FuncDecl); lookupShape(fn) != "" {
			got = append(got, fn.Name.Name)
		}
	}
	if want := []string{"LookupA", "ParseC", "Item", "Rule", "Lead", "Find"}; !slices.Equal(got, want) {
		t.Errorf("flagged %v, want %v", got, want)
	}
}
