// Package cli is what the example programs share: flag parsing with the exit
// codes they document, a flag that takes one of a few words, the short tags
// of the source documents, and text wrapped to 80 columns.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mesokit/meso"
)

// Exit codes shared by the examples.
const (
	OK       = 0
	BadInput = 2
)

// Parse parses args with fs, whose output and usage are already set. It
// returns false and the exit code when the program should stop: 0 after -h,
// BadInput for a flag it does not understand or an argument it does not take
// (fs has printed the message, naming it).
func Parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return OK, false
		}
		return BadInput, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q; every input is a flag (see -h)\n", fs.Name(), fs.Arg(0))
		return BadInput, false
	}
	return OK, true
}

// Choice is a flag value that must be one of a few words.
type Choice struct {
	Value string
	Words []string
}

// NewChoice returns a Choice of words set to def.
func NewChoice(def string, words ...string) *Choice { return &Choice{Value: def, Words: words} }

func (c *Choice) String() string {
	if c == nil {
		return ""
	}
	return c.Value
}

// Set accepts one of the words.
func (c *Choice) Set(s string) error {
	if !slices.Contains(c.Words, s) {
		return fmt.Errorf("%q is not one of %s", s, strings.Join(c.Words, ", "))
	}
	c.Value = s
	return nil
}

// Tag returns a source document's short tag, S0 to S4, or the name itself
// for a document that is not one of the five.
func Tag(name string) string {
	if i := slices.Index(meso.Sources(), name); i >= 0 {
		return fmt.Sprintf("S%d", i)
	}
	return name
}

// Tags returns the short tags of sources joined by commas.
func Tags(sources []string) string {
	tags := make([]string, len(sources))
	for i, s := range sources {
		tags[i] = Tag(s)
	}
	return strings.Join(tags, ",")
}

// Legend writes what the tags S0 to S4 stand for.
func Legend(w io.Writer) {
	fmt.Fprintln(w, "Sources:")
	for i, name := range meso.Sources() {
		fmt.Fprintf(w, "  S%d %s\n     %s\n", i, meso.SourceTitle(name), name)
	}
}

// Width is the column the examples' text output fits in.
const Width = 80

// Wrap writes text as lines of at most Width columns, each starting with
// indent; a word longer than a line stands on its own line.
func Wrap(w io.Writer, indent, text string) {
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len([]rune(line))+1+len([]rune(word)) > Width {
			fmt.Fprintln(w, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		fmt.Fprintln(w, line)
	}
}
