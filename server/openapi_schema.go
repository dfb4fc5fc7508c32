package server

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/policyflow/policyflow/policies"
)

// enums are the values of the API's named string types, from their Go
// constants (the lists the domain keeps where it has one).
func enums() map[reflect.Type][]string {
	str := func(vs ...any) []string {
		out := make([]string, 0, len(vs))
		for _, v := range vs {
			out = append(out, reflect.ValueOf(v).String())
		}
		return out
	}
	all := func(vs any) []string {
		v := reflect.ValueOf(vs)
		out := make([]string, v.Len())
		for i := range out {
			out[i] = v.Index(i).String()
		}
		return out
	}
	return map[reflect.Type][]string{
		reflect.TypeFor[policies.Status]():             all(policies.Statuses),
		reflect.TypeFor[policies.Role]():               append(all(policies.Roles), string(policies.RoleSystem)),
		reflect.TypeFor[policies.Action]():             slices.Sorted(maps.Keys(transitionNames())),
		reflect.TypeFor[policies.Disposition]():        all(policies.Dispositions),
		reflect.TypeFor[policies.Channel]():            all(policies.Channels),
		reflect.TypeFor[policies.AttachmentKind]():     all(policies.AttachmentKinds),
		reflect.TypeFor[policies.LegalForm]():          all(policies.LegalForms),
		reflect.TypeFor[policies.RelationKind]():       all(policies.RelationKinds),
		reflect.TypeFor[policies.ReportReason]():       all(policies.ReportReasons),
		reflect.TypeFor[policies.PaperSize]():          all(policies.PaperSizes),
		reflect.TypeFor[policies.GroupKind]():          all(policies.GroupKinds),
		reflect.TypeFor[policies.ActingKind]():         str(policies.ActingPlt, policies.ActingPlh),
		reflect.TypeFor[policies.Quorum]():             str(policies.QuorumAny, policies.QuorumAll, policies.QuorumNOfM),
		reflect.TypeFor[policies.CommentStatus]():      str(policies.CommentOpen, policies.CommentResolved, policies.CommentPendingModeration, policies.CommentRejected),
		reflect.TypeFor[policies.SignCapacity]():       str(policies.SignOwn, policies.SignPlt, policies.SignPlh, policies.SignOnBehalf),
		reflect.TypeFor[policies.ModerationDecision](): str(policies.DecideApprove, policies.DecideHide, policies.DecideKeep),
		reflect.TypeFor[policies.AnchorState]():        append([]string{""}, str(policies.AnchorApplies, policies.AnchorChanged, policies.AnchorRemoved)...), // "": on the version commented on
		reflect.TypeFor[policies.SuggestionState]():    str(policies.SuggestionPending, policies.SuggestionAccepted, policies.SuggestionDeclined),
		reflect.TypeFor[policies.LinkPurpose]():        str(policies.LinkInvite, policies.LinkReset),
		reflect.TypeFor[policies.NotifyMode]():         str(policies.NotifyImmediate, policies.NotifyDigest, policies.NotifyNone),
		reflect.TypeFor[policies.TimeZone]():           str(policies.ZoneWIB, policies.ZoneWITA, policies.ZoneWIT),
	}
}

// transitionNames is every action of the lifecycle table.
func transitionNames() map[string]bool {
	out := map[string]bool{}
	for a := range policies.Transitions {
		out[string(a)] = true
	}
	return out
}

// clientActions are the actions a person may send through the API, sorted.
func clientActions() []string {
	var out []string
	for a := range policies.Transitions {
		if clientAction(a) {
			out = append(out, string(a))
		}
	}
	slices.Sort(out)
	return out
}

// schemaGen reflects Go types into OpenAPI 3.0 schemas, the way
// encoding/json reads and writes them: json tags name the fields, a
// pointer, slice or map may be null, time.Time is a date-time string, a
// named string type of enums lists its values. A named struct becomes a
// component, named as its Go type. An answer's field is required unless
// omitempty or omitzero; a request body's also unless it is a pointer or
// tagged required:"false" (required:"true" insists), and a request body
// refuses the fields it does not name (decodeJSON does). Tags say the
// rest: doc:"…" a description, minItems and maxItems an array's length,
// minimum and maximum its innermost numbers' (or the number's) range.
type schemaGen struct {
	comps   map[string]any
	names   map[reflect.Type]string
	enums   map[reflect.Type][]string
	fields  map[reflect.Type]map[string][]string // a request type's string fields' values (requestEnums)
	request bool                                 // reflecting a request body (see above)
	snake   bool                                 // untagged fields in snake_case (snakeCased)
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func nullable(s map[string]any) map[string]any {
	if _, ref := s["$ref"]; ref {
		return map[string]any{"type": "object", "allOf": []any{s}, "nullable": true} // a $ref is to a struct's object
	}
	s["nullable"] = true
	return s
}

func (g *schemaGen) of(t reflect.Type) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t == rawType {
		return map[string]any{"description": "any JSON value"}
	}
	if st, ok := reflect.Zero(t).Interface().(interface{ snakeType() reflect.Type }); ok && t.Kind() == reflect.Struct {
		was := g.snake
		g.snake = true
		defer func() { g.snake = was }()
		return g.of(st.snakeType())
	}
	if vs, ok := g.enums[t]; ok {
		return map[string]any{"type": "string", "enum": vs}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(g.of(t.Elem()))
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte", "nullable": true}
		}
		return map[string]any{"type": "array", "items": g.of(t.Elem()), "nullable": true}
	case reflect.Array:
		return map[string]any{"type": "array", "items": g.of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem()), "nullable": true}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name, named := g.names[t]
		if _, made := g.comps[name]; !named || !made {
			if !named {
				name = t.Name()
				name = strings.ToUpper(name[:1]) + name[1:]
				if _, taken := g.comps[name]; taken {
					pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
					name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
				}
				g.names[t] = name
			}
			g.comps[name] = map[string]any{} // a placeholder while it is made (recursive types)
			g.comps[name] = g.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{} // any value (an interface)
}

// object is a struct's schema: its JSON fields, an embedded struct's
// fields promoted as encoding/json does (a shallower field wins).
func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		var embedded []reflect.Type
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" && opts == "" {
				continue
			}
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					embedded = append(embedded, ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
				if g.snake {
					name = snakeName(f.Name)
				}
			}
			if _, seen := props[name]; seen {
				continue
			}
			s := g.of(ft)
			if strings.Contains(","+opts+",", ",string,") {
				s = map[string]any{"type": "string"}
			}
			if vs, ok := g.fields[t][name]; ok && g.request {
				s["enum"] = vs
			}
			constrain(s, f.Tag)
			props[name] = s
			optional := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
			if g.request {
				optional = optional || ft.Kind() == reflect.Pointer || f.Tag.Get("required") == "false"
				optional = optional && f.Tag.Get("required") != "true"
			}
			if !optional {
				required = append(required, name)
			}
		}
		for _, e := range embedded {
			walk(e)
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if g.request {
		s["additionalProperties"] = false
	}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

// constrain sets what a field's tags say on its schema s: doc:"…" its
// description, minItems and maxItems its length, minimum and maximum the
// range of its innermost numbers (an array of arrays of integers: the
// integers').
func constrain(s map[string]any, tag reflect.StructTag) {
	if d := tag.Get("doc"); d != "" {
		s["description"] = d
	}
	leaf := s
	for leaf["type"] == "array" {
		leaf = leaf["items"].(map[string]any)
	}
	for _, k := range []string{"minItems", "maxItems", "minimum", "maximum"} {
		v := tag.Get(k)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			panic("openapi: tag " + k + ":" + strconv.Quote(v) + " is no number")
		}
		if strings.HasSuffix(k, "Items") {
			s[k] = n
		} else {
			leaf[k] = n
		}
	}
}

// snakeCased is a value whose untagged fields are written in snake_case:
// the workflows' state, whose Go field names its stored form keeps (a
// Query's answer and a continued run's input), shown by the API in the
// API's one naming style.
type snakeCased[T any] struct{ V T }

func (s snakeCased[T]) MarshalJSON() ([]byte, error) {
	return json.Marshal(snakeValue(reflect.ValueOf(s.V)))
}

func (snakeCased[T]) snakeType() reflect.Type { return reflect.TypeFor[T]() }

// snakeValue is v with every struct as a map keyed by its JSON names,
// untagged fields in snake_case.
func snakeValue(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == timeType {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return snakeValue(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = snakeValue(v.Index(i))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = snakeName(f.Name)
			}
			if strings.Contains(opts, "omitempty") && v.Field(i).IsZero() {
				continue
			}
			out[name] = snakeValue(v.Field(i))
		}
		return out
	}
	return v.Interface()
}

// snakeName is a Go field name in snake_case: VersionSHA256 → version_sha256, WorkflowID → workflow_id.
func snakeName(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 && (!unicode.IsUpper(rs[i-1]) && !unicode.IsDigit(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
