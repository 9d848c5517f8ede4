package course

import (
	"fmt"
	"slices"
	"strings"
)

// edge is a line of the state diagram: every trigger that leads from one
// state to another.
type edge struct {
	from, to State
	labels   []string
}

// edges draws the transition table as the diagram's lines, in table order.
// A return to the state before a hold or halt becomes a line back to each
// state the course can have come from. Observations and adverse events that
// are not severe change nothing and are left out, as are lines from a state
// to itself other than sessions and missed sessions.
func edges() []edge {
	var out []edge
	add := func(from, to State, label string) {
		for i := range out {
			if out[i].from == from && out[i].to == to {
				if !slices.Contains(out[i].labels, label) {
					out[i].labels = append(out[i].labels, label)
				}
				return
			}
		}
		out = append(out, edge{from, to, []string{label}})
	}
	all := rows()
	for _, r := range all {
		if r.on == onObservation || r.on == onAdverseMinor {
			continue
		}
		if r.from == r.to && r.on != onSession && r.on != onMissed {
			continue
		}
		label := triggers[r.on].label
		if r.to != back {
			add(r.from, r.to, label)
			continue
		}
		// Back to wherever the hold or halt came from.
		into := OnHold
		if r.from == Halted {
			into = Halted
		}
		for _, s := range all {
			if s.to == into && s.from != into {
				add(r.from, returnTo(r.on, s.from), label)
			}
		}
	}
	return out
}

// Mermaid returns the course's state diagram in Mermaid's stateDiagram-v2
// syntax, drawn from the transition table; the README shows it.
func Mermaid() string {
	var b strings.Builder
	b.WriteString("stateDiagram-v2\n")
	for s := Planned; s < numStates; s++ {
		if id := mermaidID(s); id != s.String() {
			fmt.Fprintf(&b, "    state \"%s\" as %s\n", s, id)
		}
	}
	fmt.Fprintf(&b, "    [*] --> %s\n", Planned)
	for _, e := range edges() {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", mermaidID(e.from), mermaidID(e.to), strings.Join(e.labels, ", "))
	}
	for s := Planned; s < numStates; s++ {
		if s.Terminal() {
			fmt.Fprintf(&b, "    %s --> [*]\n", mermaidID(s))
		}
	}
	return b.String()
}

// Labels keep to words, commas and parentheses: Mermaid reads a colon as
// the start of a label and a semicolon as the end of a statement.

// mermaidID is a state's name as a Mermaid id: Mermaid reads a hyphen as
// part of an arrow, so hyphens become underscores.
func mermaidID(s State) string { return strings.ReplaceAll(s.String(), "-", "_") }

// Graphviz returns the course's state diagram in Graphviz's DOT language,
// drawn from the transition table.
func Graphviz() string {
	var b strings.Builder
	b.WriteString("digraph course {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n")
	b.WriteString("    start [shape=point];\n")
	fmt.Fprintf(&b, "    start -> %q;\n", Planned.String())
	for s := Planned; s < numStates; s++ {
		if s.Terminal() {
			fmt.Fprintf(&b, "    %q [peripheries=2];\n", s.String())
		}
	}
	for _, e := range edges() {
		fmt.Fprintf(&b, "    %q -> %q [label=%q];\n", e.from.String(), e.to.String(), strings.Join(e.labels, "\n"))
	}
	b.WriteString("}\n")
	return b.String()
}
