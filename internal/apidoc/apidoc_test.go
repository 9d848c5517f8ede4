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

// public are the packages a clinic's program imports.
var public = []string{"formulary", "screening", "course", "course/clinic", "course/schedule", "course/plancheck", "course/ics", "aftercare", "fhir"}

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
func TestZeroValuesNameEveryType(t *testing.T) {
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
							if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
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
		// The names used in TestZeroValues and in the test functions it
		// calls, and so on.
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
		_, found := funcs["TestZeroValues"]
		queue, seen := []string{"TestZeroValues"}, map[string]bool{"TestZeroValues": true}
		for len(queue) > 0 {
			fn := funcs[queue[0]]
			queue = queue[1:]
			if fn == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
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
			t.Errorf("%s has no TestZeroValues", dir)
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
			t.Errorf("%s: TestZeroValues does not try the zero value of %s", dir, strings.Join(missing, ", "))
		}
	}
}
