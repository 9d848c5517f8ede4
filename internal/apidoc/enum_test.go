package apidoc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// enumValues returns, for each exported type of dir that a group of
// constants enumerates (the group's first constant is declared with the
// type), the exported constants of the group, and each type's doc comment.
func enumValues(t *testing.T, dir string) (values map[string][]string, docs map[string]string) {
	t.Helper()
	values, docs = map[string][]string{}, map[string]string{}
	entries, err := os.ReadDir(filepath.Join("..", "..", dir))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join("..", "..", dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			switch g.Tok {
			case token.TYPE:
				for _, s := range g.Specs {
					ts := s.(*ast.TypeSpec)
					doc := ts.Doc
					if doc == nil {
						doc = g.Doc
					}
					if doc != nil {
						docs[ts.Name.Name] = doc.Text()
					}
				}
			case token.CONST:
				first, ok := g.Specs[0].(*ast.ValueSpec)
				if !ok || first.Type == nil {
					continue
				}
				id, ok := first.Type.(*ast.Ident)
				if !ok || !id.IsExported() {
					continue
				}
				for _, s := range g.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						if n.IsExported() {
							values[id.Name] = append(values[id.Name], n.Name)
						}
					}
				}
			}
		}
	}
	return values, docs
}

// go doc shows an enumeration's type with its first constant only ("const
// HairLoss Indication = iota + 1 ..."), so a newcomer reading go doc
// formulary.Indication would not find DiffuseAlopecia. Each enumeration's
// doc comment names its values.
func TestEnumerationsNameTheirValues(t *testing.T) {
	for _, dir := range public {
		values, docs := enumValues(t, dir)
		for typ, names := range values {
			if len(names) < 2 {
				continue
			}
			doc := docs[typ]
			var missing []string
			for _, n := range names {
				if !strings.Contains(doc, n) {
					missing = append(missing, n)
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s: the doc comment of %s does not name %s", dir, typ, strings.Join(missing, ", "))
			}
		}
	}
}
