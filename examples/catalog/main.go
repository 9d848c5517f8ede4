// Command catalog prints meso's default formulary: the preparations,
// ingredients, delivery methods, injection techniques and session ranges the
// five source documents state, each with its sources.
//
//	go run ./examples/catalog                # a table for people
//	go run ./examples/catalog -format json   # the schema formulary.Load reads
//
// The JSON output is the starting point for a clinic's own catalog: edit it and
// load it with formulary.Load.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/mesokit/meso/examples/internal/cli"
	"github.com/mesokit/meso/formulary"
)

const usage = `Usage: catalog [-format text|json]

Prints meso's default formulary, built from the five source documents.
Exit status: 0 printed, 2 bad input. Errors are one line on standard error;
with -format json, a JSON object:
{"error": {"field": ..., "value": ..., "rule": ..., "message": ...}}.

Example:
  go run ./examples/catalog -format json > my-clinic.json

Flags:
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := cli.NewChoice("text", "text", "json")
	fs.Var(format, "format", "output `format`: text or json (as formulary.Load reads)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	if code, ok := cli.Parse(fs, args); !ok {
		return code
	}
	catalog := formulary.Default()
	if format.Value == "json" {
		out, err := json.MarshalIndent(catalog, "", "  ")
		if err != nil {
			return cli.ReporterOf(fs).Fail(1, err)
		}
		fmt.Fprintf(stdout, "%s\n", out)
		return cli.OK
	}
	writeText(stdout, catalog)
	return cli.OK
}

func writeText(w io.Writer, c *formulary.Catalog) {
	preps := c.Preparations()
	fmt.Fprintf(w, "PREPARATIONS (%d)\n\n", len(preps))
	for _, p := range preps {
		title := p.Name
		if p.Maker != "" {
			title += " - " + p.Maker
			if p.Country != "" {
				title += " (" + p.Country + ")"
			}
		}
		uses := make([]string, len(p.Uses))
		for i, u := range p.Uses {
			uses[i] = u.String()
		}
		fmt.Fprintf(w, "%s  [%s]\n", p.ID, cli.Tags(p.Sources))
		cli.Wrap(w, "    ", title)
		cli.Wrap(w, "    ", fmt.Sprintf("kind: %s; use: %s", p.Kind, orNone(uses, "not stated")))
		if p.Sex != formulary.SexUnstated {
			cli.Wrap(w, "    ", "meant for: "+p.Sex.String())
		}
		inds := make([]string, len(p.Indications))
		for i, ind := range p.Indications {
			inds[i] = ind.String()
		}
		cli.Wrap(w, "    ", "indications: "+orNone(inds, "none stated"))
		cli.Wrap(w, "    ", "ingredients: "+orNone(p.Ingredients, "not stated by the sources"))
		for _, e := range p.Effects {
			cli.Wrap(w, "    ", "effect: "+e.Text+" ["+cli.Tags(e.Sources)+"]")
		}
		if p.Notes != "" {
			cli.Wrap(w, "    ", "note: "+p.Notes)
		}
		fmt.Fprintln(w)
	}

	ingredients := c.Ingredients()
	fmt.Fprintf(w, "INGREDIENTS (%d)\n\n", len(ingredients))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCLASS\tSOURCES")
	for _, in := range ingredients {
		id := in.ID
		if in.Unspecified {
			id += " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", id, in.Class, cli.Tags(in.Sources))
	}
	tw.Flush()
	fmt.Fprintln(w, "* named by the sources only as a group; an allergy check says \"may contain\".")
	for _, g := range c.Groups() {
		cli.Wrap(w, "", fmt.Sprintf("Group %s: %s [%s]", g.ID, strings.Join(g.Members, ", "), cli.Tags(g.Sources)))
	}
	fmt.Fprintln(w)

	fmt.Fprintln(w, "DELIVERY METHODS")
	fmt.Fprintln(w)
	for _, m := range c.Methods() {
		invasive := "non-invasive"
		if m.Invasive {
			invasive = "invasive"
		}
		fmt.Fprintf(w, "%s  %s, %s [%s]\n", m.ID, m.Name, invasive, cli.Tags(m.Sources))
		writeRanges(w, m.Ranges)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "INJECTION TECHNIQUES")
	fmt.Fprintln(w)
	for _, t := range c.Techniques() {
		fmt.Fprintf(w, "%s  %s [%s]\n", t.ID, t.Name, cli.Tags(t.Sources))
		writeRanges(w, t.Ranges)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "A SESSION, WHATEVER THE METHOD")
	fmt.Fprintln(w)
	writeRanges(w, c.Session())
	fmt.Fprintln(w)
	cli.Legend(w)
}

func writeRanges(w io.Writer, rs []formulary.Range) {
	for _, r := range rs {
		cli.Wrap(w, "    ", fmt.Sprintf("%s %s-%s %s (%q) [%s]", r.Quantity, num(r.Min), num(r.Max), r.Quantity.Unit(), r.Stated, cli.Tags(r.Sources)))
	}
}

// num writes a range bound with at most two decimals, as a clinician reads it.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64) }

func orNone(items []string, none string) string {
	if len(items) == 0 {
		return none
	}
	return strings.Join(items, ", ")
}
