package apidoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// public are the packages a clinic's program imports, as directories
// relative to this one's: every directory of the module with non-test Go
// files, but internal/, examples/, interop/ (tests against other
// programs) and the nested modules. A package added
// later is held to the same checks without being listed.
var public = publicPackages()

func publicPackages() []string {
	root := filepath.Join("..", "..")
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		switch base := d.Name(); {
		case rel == ".":
		case base == "internal" || base == "examples" || base == "interop" || base == "testdata" || strings.HasPrefix(base, "."):
			return filepath.SkipDir
		default:
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module: benchmarks, interop
			}
		}
		if hasSource(path) {
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return dirs
}

func hasSource(dir string) bool {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			return true
		}
	}
	return false
}

func TestPublicPackagesAreFound(t *testing.T) {
	for _, want := range []string{"formulary", "screening", "course", "aftercare", "fhir"} {
		if !slices.Contains(public, want) {
			t.Errorf("public = %v, want it to hold %s", public, want)
		}
	}
	for _, dir := range public {
		if strings.HasPrefix(dir, "internal") || strings.HasPrefix(dir, "examples") || strings.HasPrefix(dir, "interop") || strings.HasPrefix(dir, "benchmarks") {
			t.Errorf("public holds %s", dir)
		}
	}
}

func TestEveryExportedNameIsDocumented(t *testing.T) {
	for _, dir := range public {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, filepath.Join("..", "..", dir), func(fi os.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if len(pkgs) != 1 {
			t.Fatalf("%s: %d packages", dir, len(pkgs))
		}
		for _, pkg := range pkgs {
			hasPackageDoc := false
			for name, f := range pkg.Files {
				if f.Doc != nil {
					hasPackageDoc = true
				}
				for _, missing := range undocumented(f) {
					t.Errorf("%s: %s has no doc comment", fset.Position(missing.Pos()).String(), missing.Name)
				}
				_ = name
			}
			if !hasPackageDoc {
				t.Errorf("package %s has no package comment", dir)
			}
		}
	}
}

// undocumented returns the exported names declared in f without a doc
// comment: functions, methods of exported types, types, and constants and
// variables outside a documented group.
func undocumented(f *ast.File) []*ast.Ident {
	var out []*ast.Ident
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || d.Doc != nil {
				continue
			}
			if d.Recv != nil && !receiverExported(d.Recv) {
				continue
			}
			out = append(out, d.Name)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
						out = append(out, s.Name)
					}
				case *ast.ValueSpec:
					if d.Doc != nil || s.Doc != nil || s.Comment != nil {
						continue
					}
					for _, n := range s.Names {
						if n.IsExported() {
							out = append(out, n)
						}
					}
				}
			}
		}
	}
	return out
}

func receiverExported(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// The check finds what it is meant to find.
func TestUndocumentedFindsMissingComments(t *testing.T) {
	src := `package p
// Documented is.
func Documented() {}
func Bare() {}
type T struct{}
func (T) M() {}
type u struct{}
func (u) N() {}
// Group of constants.
const (A = 1; B = 2)
const C = 3
var D = 4 // D has a line comment.
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, id := range undocumented(f) {
		got = append(got, id.Name)
	}
	if strings.Join(got, ",") != "Bare,T,M,C" {
		t.Errorf("undocumented = %v, want [Bare T M C]", got)
	}
}

// Every exported type's zero value either works or is refused with an error
// (issue 8): each public package has a TestZeroValues that names every
// exported type it declares, so that a new type cannot be left out.
func TestZeroValuesNameEveryType(t *testing.T) { testNamesEveryType(t, "TestZeroValues", false) }

// Every exported type either saves and loads as itself or refuses to be
// saved (issue 14): each public package has a TestJSONRoundTrip that names
// every exported type but its interfaces (which are not values of their own:
// their implementations are the samples), and runs jsontest.RoundTrip over
// them.
func TestJSONRoundTripNamesEveryType(t *testing.T) {
	testNamesEveryType(t, "TestJSONRoundTrip", true)
}

// testNamesEveryType checks that each public package has a test function
// called test that, with the test functions it calls, names every exported
// type of the package.
func testNamesEveryType(t *testing.T, test string, skipInterfaces bool) {
	for _, dir := range public {
		fset := token.NewFileSet()
		path := filepath.Join("..", "..", dir)
		src, err := parser.ParseDir(fset, path, func(fi os.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, 0)
		if err != nil {
			t.Fatal(err)
		}
		types := map[string]bool{}
		for _, pkg := range src {
			for _, f := range pkg.Files {
				for _, d := range f.Decls {
					if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
						for _, s := range g.Specs {
							ts := s.(*ast.TypeSpec)
							if _, iface := ts.Type.(*ast.InterfaceType); iface && skipInterfaces {
								continue
							}
							if ts.Name.IsExported() {
								types[ts.Name.Name] = true
							}
						}
					}
				}
			}
		}
		tests, err := parser.ParseDir(fset, path, func(fi os.FileInfo) bool {
			return strings.HasSuffix(fi.Name(), "_test.go")
		}, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The names used in the test and in the test functions it calls,
		// and so on.
		funcs := map[string]*ast.FuncDecl{}
		for _, pkg := range tests {
			for _, f := range pkg.Files {
				for _, d := range f.Decls {
					if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil {
						funcs[fn.Name.Name] = fn
					}
				}
			}
		}
		named := map[string]bool{}
		_, found := funcs[test]
		queue, seen := []string{test}, map[string]bool{test: true}
		for len(queue) > 0 {
			fn := funcs[queue[0]]
			queue = queue[1:]
			if fn == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				// A sample's Type names its type as a string.
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if name, err := strconv.Unquote(lit.Value); err == nil {
						named[name] = true
					}
				}
				if id, ok := n.(*ast.Ident); ok {
					named[id.Name] = true
					if funcs[id.Name] != nil && !seen[id.Name] {
						seen[id.Name] = true
						queue = append(queue, id.Name)
					}
				}
				return true
			})
		}
		if !found {
			t.Errorf("%s has no %s", dir, test)
			continue
		}
		var missing []string
		for name := range types {
			if !named[name] {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			t.Errorf("%s: %s does not name %s", dir, test, strings.Join(missing, ", "))
		}
	}
}
