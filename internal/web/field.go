package web

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
)

// fieldView is what the shared "field" partial draws: a label (with its
// hint), one control, and the field's problems inside the field's group,
// tied to the control by aria-describedby, as DSFR's input groups do.
type fieldView struct {
	Name, ID, Type, Value   string
	Label, Hint             string // already translated
	Autocomplete, InputMode string
	Placeholder, Accept     string
	Rows                    int
	Required, Checked       bool
	Options                 []option
	LinkHref, LinkText      string // a link after a checkbox's label (the terms)
	Errs                    []string
}

// option is one choice of a select or a radio group.
type option struct {
	Value, Label string
	Selected     bool
}

// summaryItem is one line of a form's error summary: the problem, and the
// field it links to ("" when no control shows it).
type summaryItem struct {
	ID, Label, Msg string
}

// F describes the form field name for the "field" partial. kv are pairs of
// a setting and its value:
//
//	label, hint: message keys; label_arg: fills the label's %s; id: the
//	control's id (default name);
//	type: text (default), email, password, url, date, file, textarea,
//	select, radio, checkbox; autocomplete, inputmode, placeholder, accept;
//	rows (int); required (bool); options ([]option); value: the text shown
//	instead of the one posted; link, link_text (key): a link in a
//	checkbox's label; also: another field (or several, comma-separated)
//	whose problems show here; show (bool, default true): false for a form
//	of the page other than the one that was posted, which keeps neither
//	problems nor values.
//
// A field with problems is remembered for the form's error summary.
func (p *page) F(name string, kv ...any) (fieldView, error) {
	f := fieldView{Name: name, ID: name, Type: "text"}
	show, valueSet, also := true, false, ""
	if len(kv)%2 != 0 {
		return f, fmt.Errorf("field %s: settings come in pairs", name)
	}
	for i := 0; i < len(kv); i += 2 {
		k, _ := kv[i].(string)
		if err := f.set(p, k, kv[i+1], &show, &valueSet, &also); err != nil {
			return f, fmt.Errorf("field %s: %w", name, err)
		}
	}
	if !show {
		if !valueSet {
			f.Value = ""
		}
		return f, nil
	}
	if !valueSet {
		f.Value = p.Val(name)
	}
	switch f.Type {
	case "checkbox":
		f.Checked = f.Value != ""
	case "select", "radio":
		for i := range f.Options {
			f.Options[i].Selected = f.Options[i].Value == f.Value
		}
	}
	for _, n := range append([]string{name}, strings.Split(also, ",")...) {
		if n == "" {
			continue
		}
		f.Errs = append(f.Errs, p.Err(n)...)
		p.shown = append(p.shown, n)
	}
	target := f.ID
	if f.Type == "radio" && len(f.Options) > 0 {
		target = f.ID + "-" + f.Options[0].Value // the first choice
	}
	// A question's mark would stand before the colon: "Qui… ? : Choisissez".
	label := strings.TrimRight(strings.TrimSpace(f.Label+" "+f.LinkText), " ?")
	for _, m := range f.Errs {
		p.collected = append(p.collected, summaryItem{ID: target, Label: label, Msg: m})
	}
	return f, nil
}

func (f *fieldView) set(p *page, k string, v any, show, valueSet *bool, also *string) error {
	s, _ := v.(string)
	switch k {
	case "label":
		f.Label = p.T(s)
	case "label_arg": // fills the label's %s; after "label"
		f.Label = fmt.Sprintf(f.Label, s)
	case "hint":
		f.Hint = p.T(s)
	case "id":
		f.ID = s
	case "type":
		f.Type = s
	case "autocomplete":
		f.Autocomplete = s
	case "inputmode":
		f.InputMode = s
	case "placeholder":
		f.Placeholder = s
	case "accept":
		f.Accept = s
	case "link":
		f.LinkHref = s
	case "link_text":
		f.LinkText = p.T(s)
	case "also":
		*also = s
	case "value":
		f.Value, *valueSet = s, true
	case "rows":
		f.Rows, _ = v.(int)
	case "required":
		f.Required, _ = v.(bool)
	case "show":
		*show, _ = v.(bool)
	case "options":
		opts, ok := v.([]option)
		if !ok {
			return fmt.Errorf("options must be []option, not %T", v)
		}
		f.Options = append([]option(nil), opts...)
	default:
		return fmt.Errorf("unknown setting %q", k)
	}
	return nil
}

// Described is the control's aria-describedby: its problems, when it has
// some (the hint is inside the label).
func (f fieldView) Described() string {
	if len(f.Errs) == 0 {
		return ""
	}
	return f.ID + "-err"
}

// Summary lists every problem of the posted form, each linking to its
// field; problems of fields no control shows come last, without a link.
func (p *page) Summary() []summaryItem { return p.summary }

// summarize fills the summary after a first rendering has collected the
// fields that show problems.
func (p *page) summarize() {
	p.summary = p.collected
	for name := range p.Errors {
		if !slices.Contains(p.shown, name) {
			for _, m := range p.Err(name) {
				p.summary = append(p.summary, summaryItem{Msg: m})
			}
		}
	}
	p.collected, p.shown = nil, nil
}

// Opts turns a list of values into options whose labels are the message
// keys format fills with each value ("freq.%s" and "daily" → freq.daily).
func (p *page) Opts(format string, values any) []option {
	var out []option
	rv := reflect.ValueOf(values)
	for i := range rv.Len() {
		v := fmt.Sprint(rv.Index(i).Interface())
		out = append(out, option{Value: v, Label: p.T(fmt.Sprintf(format, v))})
	}
	return out
}

// Opt prepends an option whose label is the message key label.
func (p *page) Opt(value, label string, rest []option) []option {
	return append([]option{{Value: value, Label: p.T(label)}}, rest...)
}

// LicenseOpts are the licenses a dataset may have, by their names.
func (p *page) LicenseOpts() []option {
	var out []option
	for _, l := range catalog.Licenses {
		out = append(out, option{Value: l.ID, Label: p.License(l.ID)})
	}
	return out
}

// License names a license in the visitor's language (the API keeps
// udata's English titles); an id socle does not know is shown as it is.
func (p *page) License(id string) string {
	key := fmt.Sprintf("license.%s", id)
	if s := p.T(key); s != key {
		return s
	}
	return id
}
